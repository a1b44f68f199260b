import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { createAuthClient, type AuthClient } from '../../api/client.js';
import type { ApiError, ErrorCode, Result } from '../../api/errors.js';
import { ForgotPasswordEvent, LoginEvent, LoginFailedEvent, ResetEmailSentEvent } from '../../events.js';
import { errorText, languageOf, localize, type Localized } from '../../i18n/localize.js';
import type { Messages } from '../../i18n/messages.js';
import { adoptOnce } from '../adopt-styles.js';
import { loginBoxStyles } from './login-box.styles.js';

export type LoginBoxView = 'sign-in' | 'forgot-password' | 'email-sent';

let instances = 0;

/**
 * Email/password sign-in with a "Don't remember your password?" link that opens a forgot-password
 * view (or your own page). The form renders in light DOM so password managers see its inputs;
 * styles are one constructed sheet scoped by tag name, and nothing is inline, so it runs under
 * `default-src 'self'`.
 *
 * @summary Sign-in box with password reset, talking to an Auth0-compatible server.
 *
 * @fires {LoginEvent} login - The user signed in; `email` and `tokens` (the token response).
 * @fires {ForgotPasswordEvent} forgot-password - The user activated the forgot-password link; `email` holds what they typed. Cancelable: cancel it to handle the request yourself (no view change, no navigation).
 * @fires {ResetEmailSentEvent} reset-email-sent - The reset email was requested for `email`.
 * @fires {LoginFailedEvent} login-failed - Signing in failed; `code` is a stable error code, `retryAfter` the seconds to wait on `too_many_requests`.
 *
 * @cssprop [--login-box-accent=#1f5fd1] - Submit button and link colour (dark: #8ab4f8).
 * @cssprop [--login-box-on-accent=#fff] - Text on the accent colour.
 * @cssprop [--login-box-text=#1b1f24] - Text colour.
 * @cssprop [--login-box-muted=#57606a] - Secondary text colour.
 * @cssprop [--login-box-surface=#fff] - Background of the box.
 * @cssprop [--login-box-field=#fff] - Background of the inputs.
 * @cssprop [--login-box-border=#6e7781] - Border colour of inputs and the show-password toggle.
 * @cssprop [--login-box-error=#b3261e] - Error text colour.
 * @cssprop [--login-box-radius=0.5rem] - Corner radius of the box (controls get half).
 * @cssprop [--login-box-gap=1rem] - Space between fields.
 * @cssprop [--login-box-width=24rem] - Maximum width.
 * @cssprop [--login-box-padding=1.5rem] - Padding of the box.
 * @cssprop [--login-box-font=inherit] - Font family.
 */
@customElement('login-box')
export class LoginBox extends LitElement {
  private readonly uid = `login-box-${++instances}`;
  private defaultClient?: AuthClient;
  private request?: AbortController;
  private countdown?: ReturnType<typeof setInterval>;
  private languageReady: Promise<unknown> = Promise.resolve();

  @state() private localized?: Localized;
  @state() private busy = false;
  @state() private error?: ErrorCode;
  /** Seconds left before a rate-limited user may submit again. */
  @state() private retryLeft = 0;
  @state() private passwordVisible = false;
  /** Visible news: signed in, the countdown is over. */
  @state() private notice = '';
  /** Heard, not seen: the show-password toggle's new state. */
  @state() private announcement = '';
  /** What the user typed as their email, carried between the views. */
  @state() private email = '';

  /** Which view is open: `sign-in`, `forgot-password` or `email-sent`. Reflects the user's navigation. */
  @property({ reflect: true }) view: LoginBoxView = 'sign-in';

  /** The tenant: a bare host (https implied) or a full URL. Defaults to the page's own origin. */
  @property() domain = '';

  /** The application's client id on the tenant. */
  @property({ attribute: 'client-id' }) clientId = '';

  /** The database connection users sign in to and reset passwords on. */
  @property() connection = 'Username-Password-Authentication';

  /** Send "Don't remember your password?" to this URL instead of opening the built-in view (like Lock's `forgotPasswordLink`). */
  @property({ attribute: 'forgot-href' }) forgotHref = '';

  /** Hide the "Don't remember your password?" link. */
  @property({ type: Boolean, attribute: 'without-forgot-link' }) withoutForgotLink = false;

  /** Language of the box (fr, de, es, ja, ar are shipped; English otherwise). Unset: the closest `[lang]` ancestor's. */
  @property() override lang = '';

  /** Per-instance overrides of any text, keyed like the dictionaries (e.g. `{ forgotLink: 'Forgot it?' }`). */
  @property({ attribute: false }) strings: Partial<Messages> = {};

  /** The API client to use instead of one built from `domain` and `client-id` (tests, custom fetch). */
  @property({ attribute: false }) client?: AuthClient;

  override connectedCallback(): void {
    super.connectedCallback();
    adoptOnce(this, loginBoxStyles);
    if (this.hasUpdated) this.resolveLanguage(); // moved under another [lang]
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.request?.abort();
    this.stopCountdown();
  }

  // Light DOM: third-party password managers do not look into shadow roots.
  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('lang')) this.resolveLanguage();
    if (changed.has('domain') || changed.has('clientId')) this.defaultClient = undefined;
    if (changed.has('view') && changed.get('view') !== undefined) this.error = undefined;
  }

  /** Resolves after rendering and, when a language is loading, once its dictionary is in. */
  protected override async getUpdateComplete(): Promise<boolean> {
    await super.getUpdateComplete();
    await this.languageReady;
    return super.getUpdateComplete();
  }

  private resolveLanguage(): void {
    const result = localize(this.lang || languageOf(this)); // the property is not reflected to the attribute
    if (!(result instanceof Promise)) {
      this.localized = result;
      this.languageReady = Promise.resolve();
      return;
    }
    const ready = result.then((localized) => {
      if (this.languageReady === ready) this.localized = localized; // a later change wins
    });
    this.languageReady = ready;
  }

  private get api(): AuthClient {
    return this.client ?? (this.defaultClient ??= createAuthClient({ domain: this.domain || location.origin, clientId: this.clientId }));
  }

  private get t(): Messages {
    return { ...this.localized!.messages, ...this.strings };
  }

  /** Runs one request at a time; undefined when it was superseded or the element left the page. */
  private async send<T>(call: (signal: AbortSignal) => Promise<Result<T>>): Promise<Result<T> | undefined> {
    this.request?.abort();
    const request = (this.request = new AbortController());
    this.busy = true;
    this.error = undefined;
    this.notice = this.announcement = '';
    const result = await call(request.signal);
    if (request.signal.aborted) return undefined;
    this.busy = false;
    return result;
  }

  private showError(error: ApiError): void {
    this.error = error.code;
    if (error.code === 'too_many_requests' && error.retryAfter) this.startCountdown(error.retryAfter);
  }

  private startCountdown(seconds: number): void {
    this.stopCountdown();
    const until = Date.now() + seconds * 1000;
    this.retryLeft = seconds;
    this.countdown = setInterval(() => {
      this.retryLeft = Math.max(0, Math.ceil((until - Date.now()) / 1000));
      if (this.retryLeft > 0) return;
      this.stopCountdown();
      this.error = undefined;
      this.notice = this.t.retryNow;
    }, 250);
  }

  private stopCountdown(): void {
    clearInterval(this.countdown);
    this.countdown = undefined;
    this.retryLeft = 0;
  }

  /** A view change the user asked for: render it, then move focus to where the view starts. */
  private async openView(view: LoginBoxView): Promise<void> {
    this.view = view;
    this.passwordVisible = false;
    await this.updateComplete;
    this.querySelector<HTMLElement>(view === 'email-sent' ? `#${this.uid}-sent` : 'input')?.focus();
  }

  private fieldValue(form: HTMLFormElement, name: string): string {
    return String(new FormData(form).get(name) ?? '');
  }

  private handleEmailInput(event: Event): void {
    this.email = (event.target as HTMLInputElement).value;
  }

  private async handleSignInSubmit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    if (this.busy || this.retryLeft > 0) return;
    const form = event.target as HTMLFormElement;
    const email = (this.email = this.fieldValue(form, 'username').trim());
    const password = this.fieldValue(form, 'password');
    const result = await this.send((signal) => this.api.login({ username: email, password, realm: this.connection }, { signal }));
    if (!result) return;
    if (result.ok) {
      this.notice = this.t.signedIn;
      this.dispatchEvent(new LoginEvent(email, result.data));
    } else {
      this.showError(result.error);
      this.dispatchEvent(new LoginFailedEvent(result.error.code, result.error.retryAfter));
    }
  }

  private async handleForgotSubmit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    if (this.busy || this.retryLeft > 0) return;
    const email = (this.email = this.fieldValue(event.target as HTMLFormElement, 'email').trim());
    const result = await this.send((signal) => this.api.requestPasswordReset({ email, connection: this.connection }, { signal }));
    if (!result) return;
    if (!result.ok) {
      this.showError(result.error);
      return;
    }
    await this.openView('email-sent');
    this.dispatchEvent(new ResetEmailSentEvent(email));
  }

  private handleForgotClick(event: Event): void {
    const accepted = this.dispatchEvent(new ForgotPasswordEvent(this.email.trim()));
    if (!accepted || !this.forgotHref) event.preventDefault();
    if (accepted && !this.forgotHref) void this.openView('forgot-password');
  }

  private handleBackClick(): void {
    void this.openView('sign-in');
  }

  private handleToggleClick(): void {
    this.passwordVisible = !this.passwordVisible;
    this.announcement = this.passwordVisible ? this.t.passwordShown : this.t.passwordHidden;
  }

  override render() {
    if (!this.localized) return nothing; // the first dictionary is still loading
    const t = this.t;
    const view = this.view === 'forgot-password' ? this.renderForgot(t) : this.view === 'email-sent' ? this.renderSent(t) : this.renderSignIn(t);
    return html`<div lang=${this.localized.lang} dir=${this.localized.dir}>
      ${view}
      <p class="lb-error" id="${this.uid}-error" role="alert">${this.error ? errorText(t, this.error) : ''}</p>
      <p class="lb-notice" role="status">${this.notice}</p>
      <p class="lb-sr" aria-live="polite">${this.announcement}</p>
    </div>`;
  }

  private renderEmail(t: Messages, name: string, autocomplete: string) {
    return html`<div>
      <label for="${this.uid}-${name}">${t.emailLabel}</label>
      <input id="${this.uid}-${name}" name=${name} type="email" autocomplete=${autocomplete} required maxlength="254"
        spellcheck="false" .value=${this.email} @input=${this.handleEmailInput}
        aria-invalid=${this.error === 'invalid_grant' ? 'true' : 'false'} aria-describedby="${this.uid}-error">
    </div>`;
  }

  private renderSubmit(label: string) {
    return html`<button class="lb-submit" type="submit" ?disabled=${this.busy || this.retryLeft > 0}>
      ${this.retryLeft > 0 ? this.t.retryIn(this.retryLeft) : label}
    </button>`;
  }

  private renderSignIn(t: Messages) {
    const passwordId = `${this.uid}-password`;
    const forgot = this.withoutForgotLink
      ? ''
      : this.forgotHref
        ? html`<a class="lb-link" href=${this.forgotHref} @click=${this.handleForgotClick}>${t.forgotLink}</a>`
        : html`<button class="lb-link" type="button" @click=${this.handleForgotClick}>${t.forgotLink}</button>`;
    return html`<h2 id="${this.uid}-title">${t.signInTitle}</h2>
      <form method="post" aria-labelledby="${this.uid}-title" aria-busy=${this.busy ? 'true' : 'false'} @submit=${this.handleSignInSubmit}>
        ${this.renderEmail(t, 'username', 'username')}
        <div>
          <label for=${passwordId}>${t.passwordLabel}</label>
          <div class="lb-password">
            <input id=${passwordId} name="password" type=${this.passwordVisible ? 'text' : 'password'} autocomplete="current-password"
              required maxlength="1024" aria-invalid=${this.error === 'invalid_grant' ? 'true' : 'false'} aria-describedby="${this.uid}-error">
            <button class="lb-toggle" type="button" aria-controls=${passwordId} aria-pressed=${this.passwordVisible ? 'true' : 'false'}
              @click=${this.handleToggleClick}>${t.showPassword}</button>
          </div>
        </div>
        ${forgot}
        ${this.renderSubmit(t.signInSubmit)}
      </form>`;
  }

  private renderForgot(t: Messages) {
    return html`<h2 id="${this.uid}-title">${t.forgotTitle}</h2>
      <p class="lb-hint" id="${this.uid}-hint">${t.forgotInstructions}</p>
      <form method="post" aria-labelledby="${this.uid}-title" aria-describedby="${this.uid}-hint" aria-busy=${this.busy ? 'true' : 'false'}
        @submit=${this.handleForgotSubmit}>
        ${this.renderEmail(t, 'email', 'email')}
        ${this.renderSubmit(t.forgotSubmit)}
        <button class="lb-link" type="button" @click=${this.handleBackClick}>${t.backToSignIn}</button>
      </form>`;
  }

  private renderSent(t: Messages) {
    return html`<h2>${t.sentTitle}</h2>
      <p id="${this.uid}-sent" tabindex="-1">${t.sentMessage}</p>
      <button class="lb-link" type="button" @click=${this.handleBackClick}>${t.backToSignIn}</button>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'login-box': LoginBox;
  }
}
