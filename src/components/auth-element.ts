/**
 * What both components share: the tenant and API properties, the error, notice and live region
 * around each view, the show-password toggle, and light-DOM rendering with the shared sheet. The
 * behaviours are controllers it holds: the per-instance language, one request at a time, and the
 * wait after a 429.
 * One base class instead of two copies keeps the embed bundle small.
 */
import { LitElement, html, nothing, type CSSResult, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { createAuthClient, type AuthClient } from '../api/client.js';
import type { ApiError, ErrorCode, Result } from '../api/errors.js';
import { errorText } from '../i18n/localize.js';
import type { Messages } from '../i18n/messages.js';
import { adoptOnce } from './adopt-styles.js';
import { LocalizeController } from './controllers/localize-controller.js';
import { RequestController } from './controllers/request-controller.js';
import { RetryCountdownController } from './controllers/retry-countdown-controller.js';
import { formStyles } from './form.styles.js';

/** A password field of renderPassword(). */
export interface PasswordField {
  name: string;
  label: string;
  autocomplete: 'current-password' | 'new-password';
  /** Ids of what describes the field (the error, the rules). */
  describedBy?: string;
  /** Marked invalid for a reason of the component's own (a server refusal). */
  invalid?: boolean;
  /** Ids of more fields the show/hide toggle reveals. */
  controls?: string;
  /** No show/hide toggle of its own (another field's controls this one). */
  withoutToggle?: boolean;
  /** Its refusal is told by the alert (in `describedBy`), not again under the field. */
  messageInAlert?: boolean;
}

/** The show/hide button's icon: an eye (lens and pupil), struck through once the password is shown. */
const EYE = 'M2 12Q12 0 22 12Q12 24 2 12ZM12 9l3 3-3 3-3-3Z';
const EYE_STRUCK = `${EYE}M4 4l16 16`;

let instances = 0;

/** @internal The base of both components; not an element of its own. */
export abstract class AuthElement extends LitElement {
  /** @internal Prefix of the ids this instance renders (labels, descriptions). */
  protected readonly uid = `${this.localName}-${++instances}`;
  /** @internal The language shown and its texts. */
  protected readonly localize = new LocalizeController(this);
  /** @internal One request at a time; `busy` while it runs. */
  protected readonly request = new RequestController(this);
  /** @internal The seconds left before a rate-limited user may submit again; then the alert clears and the notice says so. */
  protected readonly retry = new RetryCountdownController(this, () => {
    this.error = undefined;
    this.notice = this.t.retryNow;
  });
  private defaultClient?: AuthClient;

  @state() protected error?: ErrorCode;
  /** Each field's own message from the last submit, by name ('' once the user edits it). */
  @state() protected fieldErrors: Record<string, string> = {};
  @state() protected passwordVisible = false;
  /** Visible news: signed in, the countdown is over. */
  @state() protected notice = '';
  /** Heard, not seen: the show-password toggle's new state, policy progress. */
  @state() protected announcement = '';

  /** The tenant: a bare host (https implied) or a full URL. Defaults to the page's own origin. */
  @property() domain = '';

  /** The application's client id on the tenant. */
  @property({ attribute: 'client-id' }) clientId = '';

  /** The database connection users sign in to and reset passwords on. */
  @property() connection = 'Username-Password-Authentication';

  /** Language: one of the 24 shipped (src/i18n/languages.ts, matched as matchLanguage says), English otherwise. Unset: the closest `[lang]` ancestor's. */
  @property() override lang = '';

  /** Per-instance overrides of any text, keyed like the dictionaries (e.g. `{ forgotLink: 'Forgot it?' }`). */
  @property({ attribute: false }) strings: Partial<Messages> = {};

  /** The API client to use instead of one built from `domain` and `client-id` (tests, custom fetch). */
  @property({ attribute: false }) client?: AuthClient;

  /** @internal The component's own rules, adopted next to the shared sheet. */
  protected abstract readonly ownStyles?: CSSResult;

  override connectedCallback(): void {
    super.connectedCallback();
    adoptOnce(this, formStyles);
    if (this.ownStyles) adoptOnce(this, this.ownStyles);
  }

  // Light DOM: third-party password managers do not look into shadow roots.
  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('domain') || changed.has('clientId')) this.defaultClient = undefined;
  }

  /** Resolves after rendering and, when a language is loading, once its dictionary is in. */
  protected override async getUpdateComplete(): Promise<boolean> {
    await super.getUpdateComplete();
    await this.localize.ready;
    return super.getUpdateComplete();
  }

  /** @internal */
  protected get api(): AuthClient {
    return this.client ?? (this.defaultClient ??= createAuthClient({ domain: this.domain || location.origin, clientId: this.clientId }));
  }

  /** @internal */
  protected get t(): Messages {
    return this.localize.t;
  }

  /** @internal The language shown, sent with requests (Accept-Language) so that the mail speaks it too. */
  protected get language(): string | undefined {
    return this.localize.localized?.lang;
  }

  /** Runs one request at a time (clearing the last outcome); undefined when it was superseded or the element left the page. */
  protected send<T>(call: (signal: AbortSignal) => Promise<Result<T>>): Promise<Result<T> | undefined> {
    this.error = undefined;
    this.notice = '';
    this.announcement = '';
    return this.request.run(call);
  }

  /** A request is running or the countdown after a 429 is: the user must wait to submit. */
  protected get waiting(): boolean {
    return this.request.busy || this.retry.left > 0;
  }

  /** Shows the error; a 429 with Retry-After also holds submits back until that many seconds have passed. */
  protected showError(error: ApiError): void {
    this.error = error.code;
    if (error.code === 'too_many_requests' && error.retryAfter) this.retry.start(error.retryAfter);
  }

  protected fieldValue(form: HTMLFormElement, name: string): string {
    return String(new FormData(form).get(name) ?? '');
  }

  /**
   * Our own constraint validation: the forms are `novalidate`, so no browser bubble in the
   * browser's language. Each field the browser finds invalid (required, email format, a custom
   * validity the component set) gets its message in the component's language; the first gets focus.
   */
  protected validate(form: HTMLFormElement): boolean {
    const { t } = this;
    const invalid = [...form.querySelectorAll('input')].filter((field) => !field.checkValidity());
    this.fieldErrors = Object.fromEntries(invalid.map(({ name, type, validity, validationMessage }) => [name, validity.customError
      ? validationMessage
      : validity.valueMissing ? (type === 'email' ? t.emailRequired : t.passwordRequired) : t.emailInvalid]));
    invalid[0]?.focus();
    return !invalid[0];
  }

  /** Editing a field takes its message away until the next submit. */
  protected handleFieldInput(event: Event): void {
    const { name } = event.target as HTMLInputElement;
    if (this.fieldErrors[name]) this.fieldErrors = { ...this.fieldErrors, [name]: '' };
  }

  /** The field's message under it, if it has one, and its aria-describedby: the message first, then `describedBy`. */
  protected fieldMessage(id: string, name: string, describedBy: string) {
    const message = this.fieldErrors[name];
    return {
      describedBy: message ? `${id}-invalid ${describedBy}`.trim() : describedBy,
      message: message ? html`<p class="lb-field-error" id="${id}-invalid">${message}</p>` : '',
    };
  }

  protected handleToggleClick(): void {
    this.passwordVisible = !this.passwordVisible;
    this.announcement = this.passwordVisible ? this.t.passwordShown : this.t.passwordHidden;
  }

  /** The view, once the first dictionary is in. */
  protected abstract renderView(t: Messages): unknown;

  /** The view inside the language wrapper, with the error alert, the visible notice and the polite live region after it. */
  override render() {
    const localized = this.localize.localized;
    if (!localized) return nothing; // the first dictionary is still loading
    return html`<div lang=${localized.lang} dir=${localized.dir}>
      ${this.renderView(this.t)}
      <p class="lb-error" id="${this.uid}-error" role="alert">${this.error ? errorText(this.t, this.error) : ''}</p>
      <p class="lb-notice" role="status">${this.notice}</p>
      <p class="lb-sr" aria-live="polite">${this.announcement}</p>
    </div>`;
  }

  /** The submit button (with `click`: a link-styled button), disabled while the user must wait and then showing the seconds left. */
  protected renderWaitingButton(label: string, click?: () => void) {
    return html`<button class=${click ? 'lb-link' : 'lb-submit'} type=${click ? 'button' : 'submit'} ?disabled=${this.waiting} @click=${click}>
      ${this.retry.left > 0 ? this.t.retryIn(this.retry.left) : label}
    </button>`;
  }

  /** A control that looks like a link: a real link to `href` when there is one, else a button. */
  protected renderLink(label: string, click?: (event: Event) => void, href?: string) {
    return href
      ? html`<a class="lb-link" href=${href} @click=${click}>${label}</a>`
      : html`<button class="lb-link" type="button" @click=${click}>${label}</button>`;
  }

  /** A password field with its show/hide icon button inside; the button may control more fields (`controls`). */
  protected renderPassword({ name, label, autocomplete, describedBy = '', invalid, controls = '', withoutToggle, messageInAlert }: PasswordField) {
    const id = `${this.uid}-${name}`;
    const visible = this.passwordVisible;
    const own = this.fieldMessage(id, name, describedBy);
    return html`<div>
      <label for=${id}>${label}</label>
      <div class="lb-password">
        <input id=${id} name=${name} type=${visible ? 'text' : 'password'} autocomplete=${autocomplete}
          required aria-invalid=${invalid || this.fieldErrors[name] ? 'true' : 'false'} aria-describedby=${(messageInAlert ? describedBy : own.describedBy) || nothing}>
        ${withoutToggle
          ? ''
          : html`<button class="lb-toggle" type="button" aria-controls=${`${id} ${controls}`.trim()} aria-pressed=${visible ? 'true' : 'false'}
              @click=${this.handleToggleClick}><svg viewBox="0 0 24 24" aria-hidden="true"><path d=${visible ? EYE_STRUCK : EYE}></path></svg><span class="lb-sr">${this.t.showPassword}</span></button>`}
      </div>
      ${messageInAlert ? '' : own.message}
    </div>`;
  }
}
