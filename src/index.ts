/**
 * The package entry: importing it registers the elements. Add each new component's module here,
 * and to the one-tag embed's entry (embed.ts).
 */
export { LoginBox, type LoginBoxView } from './components/login-box/login-box.js';
export { ResetPasswordForm } from './components/reset-password-form/reset-password-form.js';
export { createAuthClient, type AuthClient, type AuthClientOptions, type LoginInput, type RequestOptions } from './api/client.js';
export { ERROR_CODES, type ApiError, type ErrorCode, type Result } from './api/errors.js';
export {
  ForgotPasswordEvent, LoginEvent, LoginFailedEvent, PasswordChangedEvent, RequestNewLinkEvent, ResetEmailSentEvent, ResetFailedEvent,
} from './events.js';
export type { Messages } from './i18n/messages.js';
