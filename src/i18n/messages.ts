import type { Counting } from './plural.js';

/**
 * The shape of a dictionary. Flat, so a `strings` override is a plain partial object; functions
 * where a value goes in. Each locale module's default export builds one (see Dictionary), so a
 * missing or misspelt key fails the type check.
 */
export interface Messages {
  signInTitle: string;
  emailLabel: string;
  passwordLabel: string;
  /** Name of the show/hide toggle; its pressed state says whether the password is visible. */
  showPassword: string;
  /** Announced when the toggle is pressed. */
  passwordShown: string;
  passwordHidden: string;
  signInSubmit: string;
  /** A field's own validation messages (the forms are novalidate: never the browser's bubble). */
  emailRequired: string;
  emailInvalid: string;
  passwordRequired: string;
  forgotLink: string;
  signedIn: string;
  forgotTitle: string;
  forgotInstructions: string;
  forgotSubmit: string;
  backToSignIn: string;
  sentTitle: string;
  sentMessage: string;
  /** Reset by code: the sent view's button to enter it, and the code step's heading. */
  enterCode: string;
  /** The code step's first line (the same whether or not the account exists). */
  codeSent: string;
  codeLabel: string;
  /** The code field's own validation messages; `digits`: the code's length. */
  codeRequired: string;
  codeFormat: (digits: number) => string;
  codeSubmit: string;
  /** Back to the forgot-password view, for a code that was lost or refused. */
  sendNewCode: string;
  /** Submit label while a 429 countdown runs. */
  retryIn: (seconds: number) => string;
  /** Announced when the countdown ends. */
  retryNow: string;
  /** Reset form: heading, then the account the new password is for. */
  resetTitle: string;
  resetFor: (email: string) => string;
  /** Shown while the reset link is being checked. */
  checkingLink: string;
  newPasswordLabel: string;
  confirmPasswordLabel: string;
  resetSubmit: string;
  /** Heading of the policy checklist. */
  rulesTitle: string;
  /** Read after each rule (visually shown as ✓, ✗ or ○). */
  ruleMet: string;
  ruleNotMet: string;
  /** A rule only the server can check (common passwords, history), before the first submit. */
  ruleOnSubmit: string;
  /** Announced politely once typing pauses, when the count changes. */
  rulesProgress: (met: number, total: number) => string;
  ruleNonEmpty: string;
  ruleLengthAtLeast: (min: number) => string;
  ruleShouldContain: string;
  ruleContainsAtLeast: (needed: number, of: number) => string;
  ruleLowerCase: string;
  ruleUpperCase: string;
  ruleNumbers: string;
  ruleSpecialCharacters: string;
  ruleIdenticalChars: (max: number) => string;
  /** `max`: the cap in UTF-8 bytes, as the rule carries it. */
  ruleMaxLength: (max: number) => string;
  ruleNotCommon: string;
  ruleNoPersonalInfo: string;
  ruleHistory: string;
  /** Only the server can tell (a known-breach look-up): shown as checked on submit until it answers. */
  ruleNotBreached: string;
  passwordsDontMatch: string;
  passwordChangedTitle: string;
  passwordChanged: string;
  signInLink: string;
  invalidLinkTitle: string;
  requestNewLink: string;
  tryAgain: string;
  errorInvalidGrant: string;
  errorTooManyRequests: string;
  errorTooManyAttempts: string;
  errorNetwork: string;
  errorInvalidRequest: string;
  errorUnknownConnection: string;
  errorInvalidTicket: string;
  errorInvalidCode: string;
  errorInvalidPassword: string;
  errorUnknown: string;
}

/**
 * A locale module's default export: its dictionary, given the plural and number helpers for its
 * language (handed in rather than imported, so that a locale chunk imports nothing). `keyed` is for
 * the build, which writes a chunk's values without their key names (see vite.config.ts).
 */
export type Dictionary = (numbers: Counting, keyed: (values: readonly unknown[]) => Messages) => Messages;
