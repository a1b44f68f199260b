import { html, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { TicketInfoResponse } from '../../api/contract.js';
import type { Result } from '../../api/errors.js';
import { PasswordChangedEvent, RequestNewLinkEvent, ResetFailedEvent } from '../../events.js';
import type { Messages } from '../../i18n/messages.js';
import { adoptOnce } from '../adopt-styles.js';
import { AuthElement } from '../auth-element.js';
import type * as Checklist from './policy-checklist.js';
import { resetPasswordFormStyles } from './reset-password-form.styles.js';

/**
 * Where the form is: checking the link; the link could not be checked (the server out of reach);
 * the form, with what the ticket is for and the checklist module; the password changed; a bad
 * link; the forgot-password view asking for a new one.
 */
type Status =
  | { is: 'loading' | 'unavailable' | 'invalid' | 'new-link' }
  | Ready
  | { is: 'done'; resultUrl?: string };

interface Ready {
  is: 'ready';
  info: TicketInfoResponse;
  checklist: typeof Checklist;
}

// Only this form needs the checklist and the policy code, and only once a ticket has been read:
// they load with that request, so pages with just <login-box> never fetch them.
const loadChecklist = (): Promise<typeof Checklist> => import('./policy-checklist.js');

/** Text of its own direction inside a sentence (an email in Arabic): first-strong isolate, so the sentence's punctuation stays where it belongs. */
const isolated = (text: string) => `\u2068${text}\u2069`;

/** Screen readers hear the policy's progress once typing pauses this long, not on every keystroke. */
const ANNOUNCE_DELAY_MS = 1000;

/**
 * Reads the ticket from `?ticket=` and removes it from the address bar at once, before any request
 * or other script can see it there (it would leak through history, Referer and screenshots).
 */
function takeTicketFromAddress(): string {
  const url = new URL(location.href);
  const ticket = url.searchParams.get('ticket') ?? '';
  if (ticket) {
    url.searchParams.delete('ticket');
    history.replaceState(history.state, '', url.href);
  }
  return ticket;
}

/**
 * The page behind the link in a password-reset email: new password and confirmation, the
 * connection's policy ticked live (with the same code the server enforces), then a confirmation
 * or the redirect the tenant configured. The ticket comes from the `ticket` property or the page's
 * `?ticket=`, which is removed from the address bar before anything else runs and kept only in
 * memory. A bad, expired or used link says so once and offers a new one: `<login-box>`'s
 * forgot-password view in place, or your page (`forgot-href`), or your own handling
 * (cancel `request-new-link`). With the global `autofocus` attribute, focus moves to the new-password
 * field (or the bad-link message) once the link is read, as when `<login-box>` opens the form in place.
 *
 * The form renders in light DOM with a hidden `autocomplete="username"` field holding the email
 * and two `autocomplete="new-password"` fields, so password managers offer and save the new
 * password. It shares `<login-box>`'s stylesheet and `--login-box-*` custom properties.
 *
 * @summary Set a new password from a reset link, against an Auth0-compatible server.
 *
 * @fires {PasswordChangedEvent} password-changed - The password is set; `email`, and `resultUrl` when the server sends the user on. Cancelable: cancel it to stay on the confirmation instead of going to `resultUrl`.
 * @fires {ResetFailedEvent} reset-failed - The server refused the new password or could not be reached; `code` is a stable error code (`invalid_password`, `invalid_ticket`, `network`, `too_many_requests`, …), `retryAfter` the seconds to wait on `too_many_requests` (the submit button counts them down).
 * @fires {RequestNewLinkEvent} request-new-link - The user asked for a new link after a bad one. Cancelable: cancel it to handle that yourself.
 *
 * @cssprop [--login-box-accent=#1f5fd1] - Submit button and link colour, shared with `<login-box>` (all its `--login-box-*` properties apply).
 * @cssprop [--login-box-success=#116329] - Colour of a met policy rule (dark: #7ee2a8).
 */
@customElement('reset-password-form')
export class ResetPasswordForm extends AuthElement {
  protected override readonly ownStyles = resetPasswordFormStyles;
  private announceTimer?: ReturnType<typeof setTimeout>;
  private announced = '';

  @state() private status: Status = { is: 'loading' };
  /** The new password as typed (the checklist normalises it as the server does). */
  @state() private password = '';
  /** The server's verdicts on the password last submitted; dropped as soon as it is edited. */
  @state() private serverVerdicts?: Checklist.Verdicts;

  /** The reset ticket. Unset: taken from the page URL's `?ticket=`. Never reflected to an attribute. */
  @property({ attribute: false }) ticket = '';

  /** The sign-in page the confirmation links to (defaults to the server's `resultUrl`, if any). */
  @property({ attribute: 'login-href' }) loginHref = '';

  /** Send "Request a new link" to this page (e.g. one showing `<login-box view="forgot-password">`) instead of the built-in view. */
  @property({ attribute: 'forgot-href' }) forgotHref = '';

  override connectedCallback(): void {
    const fromAddress = takeTicketFromAddress(); // first, before any request
    this.ticket ||= fromAddress;
    super.connectedCallback();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.announceTimer);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has('ticket') || changed.has('domain') || changed.has('client')) void this.load();
  }

  /** Reads what the ticket is for; reading never spends it. */
  private async load(): Promise<void> {
    this.serverVerdicts = undefined;
    this.status = { is: 'loading' };
    if (!this.ticket) {
      this.status = { is: 'invalid' };
      return;
    }
    const result = await this.send(async (signal): Promise<Result<Ready>> => {
      const [info, checklist] = await Promise.all([this.api.ticketInfo(this.ticket, { signal }), loadChecklist().catch(() => undefined)]);
      // The chunk could not be fetched: as if the server could not be reached.
      return !info.ok ? info : checklist ? { ok: true, data: { is: 'ready', info: info.data, checklist } } : { ok: false, error: { code: 'network' } };
    });
    if (!result) return;
    if (result.ok) {
      adoptOnce(this, result.data.checklist.checklistStyles);
      this.status = result.data;
      if (this.autofocus) void this.focusAfterRender(`#${this.uid}-newPassword`);
    } else if (result.error.code === 'invalid_ticket') {
      this.status = { is: 'invalid' };
      if (this.autofocus) void this.focusAfterRender(`#${this.uid}-invalid`);
    } else {
      this.showError(result.error);
      this.status = { is: 'unavailable' };
    }
  }

  /** The policy's rules for the current password, as the list shows them. */
  private rules(t: Messages, { checklist, info }: Ready): Checklist.ShownRule[] {
    return checklist.shownRules(t, info, this.password, this.serverVerdicts);
  }

  private announceProgress(): void {
    if (this.status.is !== 'ready') return; // submitted or reloaded since the last keystroke
    const text = this.status.checklist.progress(this.t, this.rules(this.t, this.status));
    if (text !== this.announced) this.announcement = this.announced = text;
  }

  private async focusAfterRender(selector: string): Promise<void> {
    await this.updateComplete;
    const box = this.querySelector('login-box');
    await box?.updateComplete;
    this.querySelector<HTMLElement>(selector)?.focus();
  }

  private handleFormInput(event: Event): void {
    const input = event.target as HTMLInputElement;
    input.setCustomValidity('');
    this.handleFieldInput(event);
    if (input.name !== 'newPassword') return;
    this.password = input.value;
    this.serverVerdicts = undefined;
    if (this.error === 'invalid_password') this.error = undefined;
    clearTimeout(this.announceTimer);
    this.announceTimer = setTimeout(() => this.announceProgress(), ANNOUNCE_DELAY_MS);
  }

  private async handleFormSubmit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const ready = this.status; // the form is shown only when ready
    if (this.waiting || ready.is !== 'ready') return;
    const form = event.target as HTMLFormElement;
    const [newPassword, confirmation] = ['newPassword', 'confirmNewPassword'].map((name) => form.elements.namedItem(name) as HTMLInputElement);
    const t = this.t;
    // Refused here, before a request: the alert says so and the list says what is missing.
    const unmet = this.rules(t, ready).some((rule) => rule.state === 'unmet');
    if (unmet) this.error = 'invalid_password';
    newPassword!.setCustomValidity(unmet ? t.errorInvalidPassword : '');
    confirmation!.setCustomValidity(confirmation!.value && confirmation!.value !== newPassword!.value ? t.passwordsDontMatch : '');
    if (!this.validate(form)) return;

    const result = await this.send((signal) => this.api.resetPassword({ ticket: this.ticket, newPassword: newPassword!.value }, { signal, language: this.language }));
    if (!result) return;
    if (result.ok) {
      const resultUrl = result.data.result_url;
      this.password = '';
      this.status = { is: 'done', resultUrl };
      await this.focusAfterRender(`#${this.uid}-done`);
      const changed = new PasswordChangedEvent(ready.info.email, resultUrl);
      if (this.dispatchEvent(changed) && resultUrl) location.replace(resultUrl);
      return;
    }
    const { code } = result.error;
    if (code === 'invalid_ticket') {
      this.status = { is: 'invalid' };
      void this.focusAfterRender(`#${this.uid}-invalid`);
    } else {
      this.showError(result.error);
      if (code === 'invalid_password') this.serverVerdicts = ready.checklist.verdictsFrom(result.error);
      newPassword!.focus();
    }
    this.dispatchEvent(new ResetFailedEvent(code, result.error.retryAfter));
  }

  private async handleNewLinkClick(event: Event): Promise<void> {
    const accepted = this.dispatchEvent(new RequestNewLinkEvent());
    if (!accepted || !this.forgotHref) event.preventDefault();
    if (!accepted || this.forgotHref) return;
    // <login-box> is defined here, not when this module is imported: importing only the form defines only the form (issue 13).
    try {
      await import('../login-box/login-box.js');
    } catch {
      this.error = 'network';
      return;
    }
    this.status = { is: 'new-link' };
    void this.focusAfterRender('login-box input');
  }

  private handleRetryClick(): void {
    if (!this.waiting) void this.load();
  }

  protected override renderView(t: Messages) {
    const status = this.status;
    switch (status.is) {
      case 'ready': return this.renderForm(t, status);
      case 'done': return this.renderDone(t, status.resultUrl);
      case 'invalid': return this.renderInvalid(t);
      case 'new-link':
        return html`<login-box view="forgot-password" domain=${this.domain} client-id=${this.clientId}
          connection=${this.connection} .strings=${this.strings} .client=${this.client}></login-box>`;
      default: // loading, or unavailable: the alert says why, and the user may try again
        return html`<h2>${t.resetTitle}</h2>${status.is === 'loading'
          ? html`<p class="lb-hint" role="status">${t.checkingLink}</p>`
          : this.renderWaitingButton(t.tryAgain, this.handleRetryClick)}`;
    }
  }

  private renderForm(t: Messages, ready: Ready) {
    const id = this.uid;
    const { email } = ready.info;
    const rules = this.rules(t, ready);
    return html`<h2 id="${id}-title">${t.resetTitle}</h2>
      <p class="lb-hint" id="${id}-hint">${t.resetFor(isolated(email))}</p>
      <form method="post" novalidate aria-labelledby="${id}-title" aria-describedby="${id}-hint" aria-busy=${this.request.busy ? 'true' : 'false'}
        @input=${this.handleFormInput} @submit=${this.handleFormSubmit}>
        <input type="text" name="username" autocomplete="username" value=${email} hidden readonly>
        ${this.renderPassword({
          name: 'newPassword', label: t.newPasswordLabel, autocomplete: 'new-password', describedBy: `${id}-rules ${id}-error`,
          invalid: rules.some((rule) => rule.state === 'unmet') && this.error === 'invalid_password', controls: `${id}-confirmNewPassword`, messageInAlert: true,
        })}
        ${ready.checklist.renderChecklist(html, t, id, rules)}
        ${this.renderPassword({
          name: 'confirmNewPassword', label: t.confirmPasswordLabel, autocomplete: 'new-password', withoutToggle: true,
        })}
        ${this.renderWaitingButton(t.resetSubmit)}
      </form>`;
  }

  private renderDone(t: Messages, resultUrl?: string) {
    const href = this.loginHref || resultUrl;
    return html`<h2>${t.passwordChangedTitle}</h2>
      <p id="${this.uid}-done" tabindex="-1">${t.passwordChanged}</p>
      ${href ? this.renderLink(t.signInLink, undefined, href) : ''}`;
  }

  private renderInvalid(t: Messages) {
    return html`<h2>${t.invalidLinkTitle}</h2>
      <p id="${this.uid}-invalid" tabindex="-1">${t.errorInvalidTicket}</p>
      ${this.renderLink(t.requestNewLink, this.handleNewLinkClick, this.forgotHref)}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'reset-password-form': ResetPasswordForm;
  }
}
