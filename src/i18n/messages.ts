/**
 * The shape of a dictionary. Flat, so a `strings` override is a plain partial object; functions
 * where a value goes in. Each locale module's default export satisfies it, so a missing or
 * misspelt key fails the type check.
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
  forgotLink: string;
  signedIn: string;
  forgotTitle: string;
  forgotInstructions: string;
  forgotSubmit: string;
  backToSignIn: string;
  sentTitle: string;
  sentMessage: string;
  /** Submit label while a 429 countdown runs. */
  retryIn: (seconds: number) => string;
  /** Announced when the countdown ends. */
  retryNow: string;
  errorInvalidGrant: string;
  errorTooManyRequests: string;
  errorNetwork: string;
  errorInvalidRequest: string;
  errorUnknownConnection: string;
  errorInvalidTicket: string;
  errorInvalidPassword: string;
  errorUnknown: string;
}
