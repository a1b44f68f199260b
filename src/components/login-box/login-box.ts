import { html, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { ForgotPasswordEvent, LoginEvent, LoginFailedEvent, ResetEmailSentEvent } from '../../events.js';
import type { HostedLoginResponse, ResetMethod, TokenResponse } from '../../api/contract.js';
import type { Messages } from '../../i18n/messages.js';
import { AuthElement } from '../auth-element.js';

export type LoginBoxView = 'sign-in' | 'forgot-password' | 'email-sent';

// The code step is a chunk of its own, fetched when it opens: the sign-in page never needs it.
const loadCodeStep = () => import('./reset-code-step.js');

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
 * @fires {PasswordChangedEvent} password-changed - Reset by code (`reset-method` `code` or `both`): the new password is set for `email`. The box cancels it (no redirect to the server's `resultUrl`) and returns to sign-in with the email filled in.
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
export class LoginBox extends AuthElement {
  protected override readonly ownStyles = undefined;

  /** What the user typed as their email, carried between the views. */
  @state() private email = '';
  /** With `reset-method="both"`: the user asked to enter the code (with `code` the "email sent" view shows it anyway). */
  @state() private codeShown = false;

  /** Which view is open: `sign-in`, `forgot-password` or `email-sent`. Reflects the user's navigation. */
  @property({ reflect: true }) view: LoginBoxView = 'sign-in';

  /** Send "Don't remember your password?" to this URL instead of opening the built-in view (like Lock's `forgotPasswordLink`). */
  @property({ attribute: 'forgot-href' }) forgotHref = '';

  /** Hide the "Don't remember your password?" link. */
  @property({ type: Boolean, attribute: 'without-forgot-link' }) withoutForgotLink = false;

  /**
   * Hosted mode (the server's Universal Login page sets it): the login transaction to sign in to.
   * The box then posts to the server's own `/u/login` and follows its answer back to the application,
   * firing no `login` event (the application gets its tokens through the code flow).
   */
  @property() transaction = '';

  /** The email to start with (Universal Login's `login_hint`), until the user types their own. */
  @property({ attribute: 'login-hint' }) loginHint = '';

  /**
   * What the reset mail carries, as the tenant's `emailTemplates.resetEmail.method` says: `link` (the
   * "email sent" view says to follow it), `code` (that view asks for the code at once) or `both` (it
   * offers **Enter the code**). The code then opens the new-password step in place, and the user comes
   * back to sign in with the new password.
   */
  @property({ attribute: 'reset-method' }) resetMethod: ResetMethod = 'link';

  constructor() {
    super();
    // From the code step's <reset-password-form>: stay here (no redirect) and sign in with the new password,
    // the email (the one the code was mailed to) still filled in.
    this.addEventListener('password-changed', (event) => {
      event.preventDefault();
      this.notice = this.t.passwordChanged;
      void this.openView('sign-in');
    });
    // "Send a new code", or the form's "Request a new link": this box's own forgot-password view, not one nested in it.
    this.addEventListener('request-new-link', (event) => {
      event.preventDefault();
      void this.openView('forgot-password');
    });
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has('view') && changed.get('view') !== undefined) {
      this.error = undefined;
      this.fieldErrors = {};
      this.codeShown = false;
    }
    if (changed.has('loginHint') && !this.email) this.email = this.loginHint;
  }

  /** A view change the user asked for: render it, then move focus to where the view starts. */
  private async openView(view: LoginBoxView): Promise<void> {
    this.view = view;
    this.passwordVisible = false;
    await this.focusStart();
  }

  /** Focus where the view starts: the code field once the step's chunk is in (fetched here, when the step opens), else the sent message or the first field. */
  private async focusStart(): Promise<void> {
    await this.updateComplete;
    const step = this.querySelector('login-box-reset-code');
    if (step) await loadCodeStep().then(() => step.updateComplete, () => { this.error = 'network'; });
    (step ?? this).querySelector<HTMLElement>(!step && this.view === 'email-sent' ? `#${this.uid}-sent` : 'input')?.focus();
  }

  private handleEnterCodeClick(): void {
    this.codeShown = true;
    void this.focusStart();
  }

  private handleEmailInput(event: Event): void {
    this.email = (event.target as HTMLInputElement).value;
  }

  private async handleSignInSubmit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    if (this.waiting) return;
    const form = event.target as HTMLFormElement;
    if (!this.validate(form)) return;
    const email = (this.email = this.fieldValue(form, 'username').trim());
    const password = this.fieldValue(form, 'password');
    const result = await this.send<TokenResponse | HostedLoginResponse>((signal) => this.transaction
      ? this.api.hostedLogin({ state: this.transaction, username: email, password }, { signal })
      : this.api.login({ username: email, password, realm: this.connection }, { signal }));
    if (!result) return;
    if (result.ok) {
      this.notice = this.t.signedIn;
      const { data } = result;
      if ('location' in data) location.assign(data.location);
      else this.dispatchEvent(new LoginEvent(email, data));
    } else {
      this.showError(result.error);
      this.dispatchEvent(new LoginFailedEvent(result.error.code, result.error.retryAfter));
    }
  }

  private async handleForgotSubmit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    if (this.waiting || !this.validate(form)) return;
    const email = (this.email = this.fieldValue(form, 'email').trim());
    const result = await this.send((signal) => this.api.requestPasswordReset({ email, connection: this.connection }, { signal, language: this.language }));
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

  protected override renderView(t: Messages) {
    return this.view === 'forgot-password' ? this.renderForgot(t) : this.view === 'email-sent' ? this.renderSent(t) : this.renderSignIn(t);
  }

  private renderEmail(t: Messages, name: string, autocomplete: string) {
    const id = `${this.uid}-${name}`;
    const own = this.fieldMessage(id, name, `${this.uid}-error`);
    return html`<div>
      <label for=${id}>${t.emailLabel}</label>
      <input id=${id} name=${name} type="email" autocomplete=${autocomplete} required maxlength="254"
        spellcheck="false" .value=${this.email} @input=${this.handleEmailInput}
        aria-invalid=${this.error === 'invalid_grant' || this.fieldErrors[name] ? 'true' : 'false'} aria-describedby=${own.describedBy}>
      ${own.message}
    </div>`;
  }

  private renderSignIn(t: Messages) {
    const forgot = this.withoutForgotLink ? '' : this.renderLink(t.forgotLink, this.handleForgotClick, this.forgotHref);
    return html`<h2 id="${this.uid}-title">${t.signInTitle}</h2>
      <form method="post" novalidate aria-labelledby="${this.uid}-title" aria-busy=${this.request.busy ? 'true' : 'false'}
        @input=${this.handleFieldInput} @submit=${this.handleSignInSubmit}>
        ${this.renderEmail(t, 'username', 'username')}
        ${this.renderPassword({
          name: 'password', label: t.passwordLabel, autocomplete: 'current-password', describedBy: `${this.uid}-error`, invalid: this.error === 'invalid_grant',
        })}
        ${forgot}
        ${this.renderWaitingButton(t.signInSubmit)}
      </form>`;
  }

  private renderForgot(t: Messages) {
    return html`<h2 id="${this.uid}-title">${t.forgotTitle}</h2>
      <p class="lb-hint" id="${this.uid}-hint">${t.forgotInstructions}</p>
      <form method="post" novalidate aria-labelledby="${this.uid}-title" aria-describedby="${this.uid}-hint" aria-busy=${this.request.busy ? 'true' : 'false'}
        @input=${this.handleFieldInput} @submit=${this.handleForgotSubmit}>
        ${this.renderEmail(t, 'email', 'email')}
        ${this.renderWaitingButton(t.forgotSubmit)}
        ${this.renderLink(t.backToSignIn, this.handleBackClick)}
      </form>`;
  }

  private renderSent(t: Messages) {
    return html`${this.codeShown || this.resetMethod === 'code'
      ? html`<login-box-reset-code .email=${this.email} domain=${this.domain} client-id=${this.clientId} connection=${this.connection} .strings=${this.strings} .client=${this.client}></login-box-reset-code>`
      : html`<h2>${t.sentTitle}</h2>
        <p id="${this.uid}-sent" tabindex="-1">${t.sentMessage}</p>
        ${this.resetMethod === 'both' ? this.renderLink(t.enterCode, this.handleEnterCodeClick) : ''}`}
      ${this.renderLink(t.backToSignIn, this.handleBackClick)}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'login-box': LoginBox;
  }
}
