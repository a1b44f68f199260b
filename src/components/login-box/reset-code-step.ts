/**
 * Reset by code (issue 15): `<login-box>`'s step after the reset mail when the tenant mails a code.
 * A lazy chunk of its own, loaded when the step opens, so the sign-in page and the embed do not
 * carry it.
 */
import { html } from 'lit';
import { property, state } from 'lit/decorators.js';
import { RESET_CODE_LENGTH } from '../../api/client-schemas.js';
import { RequestNewLinkEvent } from '../../events.js';
import type { Messages } from '../../i18n/messages.js';
import { AuthElement } from '../auth-element.js';

const DIGITS = new RegExp(`^\\d{${RESET_CODE_LENGTH}}$`);

/**
 * The code from the reset mail, then the new password in place: the code is exchanged for a
 * ticket of its own (`POST /lo/reset/code`), which `<reset-password-form>` takes as a link's, so
 * the policy checklist and its errors are the reset page's own. The screen is the same whether or
 * not the address has an account; any refused code is the same `invalid_code`.
 *
 * "Send a new code" fires `request-new-link`, which `<login-box>` answers with its forgot-password
 * view; the form's `password-changed` bubbles to `<login-box>`, which takes the user back to sign in.
 *
 * @internal Rendered by `<login-box reset-method="code|both">`; not an element to use on its own.
 */
export class ResetCodeStep extends AuthElement {
  protected override readonly ownStyles = undefined;

  /** The ticket the code was exchanged for: the new-password step is open. */
  @state() private ticket = '';

  /** The address the reset mail went to (the code is only good with it). */
  @property({ attribute: false }) email = '';

  private handleCodeInput(event: Event): void {
    this.handleFieldInput(event);
    (event.target as HTMLInputElement).setCustomValidity('');
    if (this.error === 'invalid_code') this.error = undefined;
  }

  private async handleCodeSubmit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    if (this.waiting) return;
    const form = event.target as HTMLFormElement;
    const field = form.elements.namedItem('code') as HTMLInputElement;
    const code = field.value.trim();
    // Set here rather than with `pattern`: the message is ours, in the box's language.
    field.setCustomValidity(!code ? this.t.codeRequired : DIGITS.test(code) ? '' : this.t.codeFormat(RESET_CODE_LENGTH));
    if (!this.validate(form)) return;
    const result = await this.send(async (signal) => {
      const exchanged = await this.api.exchangeResetCode({ email: this.email, connection: this.connection, code }, { signal });
      if (!exchanged.ok) return exchanged;
      // The new-password step's chunk comes with the ticket, not with the code field.
      try {
        await import('../reset-password-form/reset-password-form.js');
      } catch {
        return { ok: false, error: { code: 'network' } };
      }
      return exchanged;
    });
    if (!result) return;
    if (result.ok) {
      this.ticket = result.data.ticket;
      return;
    }
    this.showError(result.error);
    field.focus();
    field.select(); // a refused code is retyped whole
  }

  private handleNewCodeClick(): void {
    this.dispatchEvent(new RequestNewLinkEvent());
  }

  protected override renderView(t: Messages) {
    if (this.ticket) {
      // autofocus: its new-password field takes focus once the ticket is read, as the code field had it.
      return html`<reset-password-form autofocus .ticket=${this.ticket} domain=${this.domain} client-id=${this.clientId}
        connection=${this.connection} .strings=${this.strings} .client=${this.client}></reset-password-form>`;
    }
    const id = `${this.uid}-code`;
    const own = this.fieldMessage(id, 'code', `${this.uid}-error`);
    return html`<h2 id="${this.uid}-title">${t.enterCode}</h2>
      <p class="lb-hint" id="${this.uid}-hint">${t.codeSent}</p>
      <form method="post" novalidate aria-labelledby="${this.uid}-title" aria-describedby="${this.uid}-hint" aria-busy=${this.request.busy ? 'true' : 'false'}
        @input=${this.handleCodeInput} @submit=${this.handleCodeSubmit}>
        <div>
          <label for=${id}>${t.codeLabel}</label>
          <input id=${id} name="code" type="text" inputmode="numeric" autocomplete="one-time-code" maxlength=${RESET_CODE_LENGTH} required
            spellcheck="false" aria-invalid=${this.error === 'invalid_code' || this.fieldErrors.code ? 'true' : 'false'} aria-describedby=${own.describedBy}>
          ${own.message}
        </div>
        ${this.renderWaitingButton(t.codeSubmit)}
        ${this.renderLink(t.sendNewCode, this.handleNewCodeClick)}
      </form>`;
  }
}

/** @internal Defined without the decorator so that the manifest, and the framework types made from it, leave it out. */
customElements.define('login-box-reset-code', ResetCodeStep);

declare global {
  interface HTMLElementTagNameMap {
    'login-box-reset-code': ResetCodeStep;
  }
}
