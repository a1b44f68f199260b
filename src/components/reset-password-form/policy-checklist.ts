/**
 * The reset form's policy checklist: the connection's rules for the password being typed (with
 * the same code the server enforces) and the server's verdicts from its last refusal folded in,
 * rendered as the list under the field, and the progress screen readers hear.
 * Nothing of it is needed before a ticket's policy is known, so the form loads this module (and
 * the policy code) as a chunk, alongside the ticket look-up. It must not import Lit: the bundler
 * would then move Lit out of the one-tag bundle into a chunk of its own. So the list is rendered
 * with the form's own `html` (type imports only here), and its rules are a plain constructed sheet.
 */
import type { html as litHtml, TemplateResult } from 'lit';
import type { TicketInfoResponse } from '../../api/contract.js';
import type { ApiError } from '../../api/errors.js';
import type { Messages } from '../../i18n/messages.js';
import { evaluatePassword, type RuleCode, type RuleResult } from '../../password-policy.js';

/** The rule codes the list shows: the shared policy's, plus `history`, which only the server checks. */
type ShownRuleCode = RuleCode | 'history';

/** Each rule's text is the dictionary key `rule` + its code (`lengthAtLeast` → `ruleLengthAtLeast`). */
type RuleKey = `rule${Capitalize<ShownRuleCode>}`;

/** `pending`: only the server can tell (common passwords, breaches, history), and it has not been asked yet. */
export type RuleState = 'met' | 'unmet' | 'pending';

export interface ShownRule {
  text: string;
  state: RuleState;
  items?: ShownRule[];
}

/**
 * The list's rules, which the form adopts with this module. The state of a rule is drawn by a glyph
 * and also read out by a hidden word, so neither colour nor the glyph alone carries it; the glyph
 * has empty alt text (`/ ''`).
 */
export const checklistStyles = new CSSStyleSheet();
checklistStyles.replaceSync(`
  :where(reset-password-form) {
    --_success: var(--login-box-success, #116329);
  }
  @media (prefers-color-scheme: dark) {
    :where(reset-password-form) { --_success: var(--login-box-success, #7ee2a8); }
  }
  :where(reset-password-form) :where(.lb-rules p) { margin: 0 0 0.25rem; font-weight: 600; }
  :where(reset-password-form) :where(.lb-rules ul) { margin: 0; padding-inline-start: 0; list-style: none; }
  :where(reset-password-form) :where(.lb-rules ul ul) { padding-inline-start: 1.5rem; }
  :where(reset-password-form) :where(.lb-rules li) { color: var(--_muted); }
  :where(reset-password-form) :where(.lb-rules li)::before { content: '○' / ''; display: inline-block; inline-size: 1.5rem; }
  :where(reset-password-form) :where(.lb-rules li[data-state='met']) { color: var(--_success); }
  :where(reset-password-form) :where(.lb-rules li[data-state='met'])::before { content: '✓' / ''; }
  :where(reset-password-form) :where(.lb-rules li[data-state='unmet'])::before { content: '✗' / ''; }
`);

/** The server's verdict per rule code, taken from an `invalid_password` refusal. */
export type Verdicts = Map<string, boolean>;

/** The localized text of a rule; `format` holds its numbers as the policy check returns them. */
function ruleText(t: Messages, code: ShownRuleCode, format: readonly (number | string)[] = []): string {
  const text: Messages[RuleKey] = t[`rule${code[0]!.toUpperCase()}${code.slice(1)}` as RuleKey];
  return typeof text === 'string' ? text : (text as (...numbers: number[]) => string)(...format.map(Number));
}

/** The rules for `password` as typed, through the server's own pipeline (normalised, checked against the email). */
export function shownRules(t: Messages, { policy, email }: TicketInfoResponse, password: string, verdicts?: Verdicts): ShownRule[] {
  const shown = ({ code, format, verified, items }: RuleResult): ShownRule => ({
    text: ruleText(t, code, format),
    state: verified && verdicts?.get(code) !== false ? 'met' : 'unmet',
    items: items?.map(shown),
  });
  const serverOnly = (code: ShownRuleCode): ShownRule => {
    const known = verdicts?.get(code);
    return { text: ruleText(t, code), state: known === undefined ? 'pending' : known ? 'met' : 'unmet' };
  };
  // The email is the personal information the browser knows; the server also knows the name.
  const rules = evaluatePassword(policy, password, { email }).rules.map(shown);
  if (policy.dictionary) rules.push(serverOnly('notCommon'));
  if (policy.breachedPasswords) rules.push(serverOnly('notBreached'));
  if (policy.history) rules.push(serverOnly('history'));
  return rules;
}

export function verdictsFrom(error: ApiError): Verdicts {
  const verdicts: Verdicts = new Map();
  const walk = (rules: NonNullable<ApiError['rules']>) => rules.forEach((rule) => { verdicts.set(rule.code, rule.verified); walk(rule.items ?? []); });
  walk(error.rules ?? []);
  // The server lists every rule but the history one, so a refusal that passes all it lists is history.
  if ([...verdicts.values()].every(Boolean)) verdicts.set('history', false);
  return verdicts;
}

/** What screen readers hear once typing pauses: how many of the rules the browser can check are met. */
export function progress(t: Messages, rules: readonly ShownRule[]): string {
  const checkable = rules.filter((rule) => rule.state !== 'pending');
  return t.rulesProgress(checkable.filter((rule) => rule.state === 'met').length, checkable.length);
}

/**
 * The list under the new-password field (`id` prefixes its ids): each rule's text, then its state in
 * words for screen readers (the glyph is CSS). `html` is the form's: this module must not import Lit.
 */
export function renderChecklist(html: typeof litHtml, t: Messages, id: string, rules: readonly ShownRule[]): TemplateResult {
  const item = (rule: ShownRule): TemplateResult => {
    const state = rule.state === 'met' ? t.ruleMet : rule.state === 'unmet' ? t.ruleNotMet : t.ruleOnSubmit;
    return html`<li data-state=${rule.state}>${rule.text}<span class="lb-sr"> (${state})</span>${rule.items
      ? html`<ul>${rule.items.map(item)}</ul>`
      : ''}</li>`;
  };
  return html`<div class="lb-rules" id="${id}-rules">
          <p id="${id}-rules-title">${t.rulesTitle}</p>
          <ul aria-labelledby="${id}-rules-title">${rules.map(item)}</ul>
        </div>`;
}
