/**
 * What both components share: the tenant and API properties, the per-instance language, one
 * request at a time, the show-password toggle, and light-DOM rendering with the shared sheet.
 * One base class instead of two copies keeps the embed bundle small.
 */
import { LitElement, html, type CSSResult, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { createAuthClient, type AuthClient } from '../api/client.js';
import type { ErrorCode, Result } from '../api/errors.js';
import { errorText, languageOf, localize, type Localized } from '../i18n/localize.js';
import type { Messages } from '../i18n/messages.js';
import { adoptOnce } from './adopt-styles.js';
import { formStyles } from './form.styles.js';

let instances = 0;

/** @internal The base of both components; not an element of its own. */
export abstract class AuthElement extends LitElement {
  /** @internal Prefix of the ids this instance renders (labels, descriptions). */
  protected readonly uid = `${this.localName}-${++instances}`;
  private defaultClient?: AuthClient;
  private request?: AbortController;
  private languageReady: Promise<unknown> = Promise.resolve();

  @state() protected localized?: Localized;
  @state() protected busy = false;
  @state() protected error?: ErrorCode;
  @state() protected passwordVisible = false;
  /** Heard, not seen: the show-password toggle's new state, policy progress. */
  @state() protected announcement = '';

  /** The tenant: a bare host (https implied) or a full URL. Defaults to the page's own origin. */
  @property() domain = '';

  /** The application's client id on the tenant. */
  @property({ attribute: 'client-id' }) clientId = '';

  /** The database connection users sign in to and reset passwords on. */
  @property() connection = 'Username-Password-Authentication';

  /** Language (fr, de, es, ja, ar are shipped; English otherwise). Unset: the closest `[lang]` ancestor's. */
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
    if (this.hasUpdated) this.resolveLanguage(); // moved under another [lang]
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.request?.abort();
  }

  // Light DOM: third-party password managers do not look into shadow roots.
  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('lang')) this.resolveLanguage();
    if (changed.has('domain') || changed.has('clientId')) this.defaultClient = undefined;
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

  /** @internal */
  protected get api(): AuthClient {
    return this.client ?? (this.defaultClient ??= createAuthClient({ domain: this.domain || location.origin, clientId: this.clientId }));
  }

  /** @internal */
  protected get t(): Messages {
    return { ...this.localized!.messages, ...this.strings };
  }

  /** Runs one request at a time; undefined when it was superseded or the element left the page. */
  protected async send<T>(call: (signal: AbortSignal) => Promise<Result<T>>): Promise<Result<T> | undefined> {
    this.request?.abort();
    const request = (this.request = new AbortController());
    this.busy = true;
    this.error = undefined;
    this.announcement = '';
    const result = await call(request.signal);
    if (request.signal.aborted) return undefined;
    this.busy = false;
    return result;
  }

  protected fieldValue(form: HTMLFormElement, name: string): string {
    return String(new FormData(form).get(name) ?? '');
  }

  protected handleToggleClick(): void {
    this.passwordVisible = !this.passwordVisible;
    this.announcement = this.passwordVisible ? this.t.passwordShown : this.t.passwordHidden;
  }

  /** The view inside the language wrapper, with the error alert and the polite live region after it. */
  protected renderFrame(view: unknown, extra: unknown = ''): TemplateResult {
    const { lang, dir } = this.localized!;
    return html`<div lang=${lang} dir=${dir}>
      ${view}
      <p class="lb-error" id="${this.uid}-error" role="alert">${this.error ? errorText(this.t, this.error) : ''}</p>
      ${extra}
      <p class="lb-sr" aria-live="polite">${this.announcement}</p>
    </div>`;
  }

  /** A password field with its show/hide toggle; the toggle may control more fields (`controls`). */
  protected renderPassword(name: string, label: string, autocomplete: string, describedBy: string, invalid: boolean, controls = '', toggle = true) {
    const id = `${this.uid}-${name}`;
    return html`<div>
      <label for=${id}>${label}</label>
      <div class="lb-password">
        <input id=${id} name=${name} type=${this.passwordVisible ? 'text' : 'password'} autocomplete=${autocomplete}
          required maxlength="1024" aria-invalid=${invalid ? 'true' : 'false'} aria-describedby=${describedBy}>
        ${toggle
          ? html`<button class="lb-toggle" type="button" aria-controls=${`${id} ${controls}`.trim()} aria-pressed=${this.passwordVisible ? 'true' : 'false'}
              @click=${this.handleToggleClick}>${this.t.showPassword}</button>`
          : ''}
      </div>
    </div>`;
  }
}
