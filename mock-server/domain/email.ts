/**
 * How an address is matched to an account. Only ASCII letters are folded: Unicode case mapping
 * (KELVIN SIGN → k, dotless ı, ß) is exactly what let reset mail be steered to look-alike addresses
 * elsewhere. Whatever matches, mail only ever goes to the address stored on the account.
 */
export const emailKey = (email: string): string => email.trim().replace(/[A-Z]/g, (c) => c.toLowerCase());

/** What brute-force protection counts failed sign-ins under: the connection and the email's lookup form. */
export const loginIdentifier = (connection: string, email: string): string => `${connection}|${emailKey(email)}`;
