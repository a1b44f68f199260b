/**
 * The entry of the one-tag embed bundle (dist/login-box.js). It registers <login-box> at once and
 * loads <reset-password-form> (a lazy chunk) once one is in the document: most pages show only one
 * of the two, and the embed stays within its 14 kB. The package entry (index.ts) registers both at
 * import; `customElements.whenDefined('reset-password-form')` resolves here when the form's chunk ran.
 */
export { LoginBox, type LoginBoxView } from './components/login-box/login-box.js';
export { createAuthClient, type AuthClient, type AuthClientOptions, type LoginInput, type RequestOptions } from './api/client.js';
export { ERROR_CODES, type ApiError, type ErrorCode, type Result } from './api/errors.js';
export {
  ForgotPasswordEvent, LoginEvent, LoginFailedEvent, PasswordChangedEvent, RequestNewLinkEvent, ResetEmailSentEvent, ResetFailedEvent,
} from './events.js';
export type { Messages } from './i18n/messages.js';

const TAG = 'reset-password-form';

// Not in a server-rendering framework's server (no document), nor where the page defined it already.
if (typeof document !== 'undefined' && !customElements.get(TAG)) {
  const present = () => document.getElementsByTagName(TAG).length > 0;
  const load = () => void import('./components/reset-password-form/reset-password-form.js');
  if (present()) load();
  else {
    const watcher = new MutationObserver(() => {
      if (!present()) return;
      watcher.disconnect();
      load();
    });
    watcher.observe(document, { childList: true, subtree: true });
  }
}
