/**
 * The element's own language: its `lang`, else the closest `[lang]` ancestor's, resolved on the
 * first update, whenever `lang` changes and when the element is moved under another ancestor.
 * Shoelace's `LocalizeController`, for our dictionaries.
 */
import type { ReactiveController, ReactiveElement } from 'lit';
import { en } from '../../i18n/en.js';
import { languageOf, localize, type Localized } from '../../i18n/localize.js';
import type { Messages } from '../../i18n/messages.js';

/** An element with `lang` ('' for the ancestors') and per-instance overrides of any text. */
export interface LocalizeHost extends ReactiveElement {
  strings: Partial<Messages>;
}

export class LocalizeController implements ReactiveController {
  /** The language shown and its dictionary; undefined until the first one is in (render nothing till then). */
  localized?: Localized;
  /** Settles once the dictionary asked for last is in (the host's updateComplete waits for it); unset when it is in. */
  ready?: Promise<unknown>;
  /** The host's `lang` the dictionary was resolved for. */
  private lang?: string;

  constructor(private readonly host: LocalizeHost) {
    host.addController(this);
  }

  hostConnected(): void {
    if (this.host.hasUpdated) this.resolve(); // moved under another [lang]
  }

  hostUpdate(): void {
    if (this.host.lang !== this.lang) this.resolve();
  }

  /** The texts shown, with the host's `strings` over them (English before the first dictionary: nothing is rendered then). */
  get t(): Messages {
    return { ...(this.localized?.messages ?? en), ...this.host.strings };
  }

  private resolve(): void {
    const { host } = this;
    const result = localize((this.lang = host.lang) || languageOf(host)); // the property is not reflected to the attribute
    if (!(result instanceof Promise)) {
      this.localized = result;
      this.ready = undefined;
      return;
    }
    const ready = (this.ready = result.then((localized) => {
      if (this.ready !== ready) return; // a later change wins
      this.localized = localized;
      host.requestUpdate();
    }));
  }
}
