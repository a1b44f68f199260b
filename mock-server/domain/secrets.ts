/**
 * Random values and digests from Web Crypto (global in Node 20 and in browsers), so this stays
 * runtime-neutral. Never Math.random, never UUIDs for secrets.
 */
import { RESET_CODE_LENGTH } from '../../src/api/contract.js';

const base64url = (bytes: Uint8Array): string => {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
};

const hex = (bytes: Uint8Array): string => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

/** How many random bytes one getRandomValues call draws for the pool. */
const POOL_BYTES = 4096;
let pool = new Uint8Array(0);
let drawn = 0;

/**
 * `length` random bytes from a pool filled POOL_BYTES at a time, as node:crypto's randomUUID does: one
 * getRandomValues call per secret cost change_password 5–10 % of its throughput under load. Each byte is
 * handed out once and then zeroed, so the pool never holds a secret already in use.
 */
export function randomBytes(length: number): Uint8Array {
  if (length > POOL_BYTES) return crypto.getRandomValues(new Uint8Array(length));
  if (drawn + length > pool.length) {
    pool = crypto.getRandomValues(new Uint8Array(POOL_BYTES));
    drawn = 0;
  }
  const bytes = pool.slice(drawn, drawn + length);
  pool.fill(0, drawn, drawn + length);
  drawn += length;
  return bytes;
}

/**
 * Node's own crypto where there is one (not in browsers, where the msw demo runs the domain): its one-shot
 * hash is synchronous and encodes natively, while Web Crypto's digest is a thread-pool job that costs a
 * request more than the hashing.
 */
const nodeCrypto = (globalThis as { process?: NodeJS.Process }).process?.getBuiltinModule?.('node:crypto');

/** The digest of a UTF-8 string, in `encoding`. */
async function digest(algorithm: 'SHA-1' | 'SHA-256', value: string, encoding: 'hex' | 'base64url'): Promise<string> {
  if (nodeCrypto) return nodeCrypto.hash(algorithm === 'SHA-1' ? 'sha1' : 'sha256', value, encoding);
  const bytes = new Uint8Array(await crypto.subtle.digest(algorithm, new TextEncoder().encode(value)));
  return encoding === 'hex' ? hex(bytes) : base64url(bytes);
}

/** The digest of a UTF-8 string, as lower-case hex. */
export const digestHex = (algorithm: 'SHA-1' | 'SHA-256', value: string): Promise<string> => digest(algorithm, value, 'hex');

/** SHA-256 of a UTF-8 string, as hex. */
export const sha256Hex = (value: string): Promise<string> => digestHex('SHA-256', value);

/**
 * Whether two digests are equal, in a time that depends on their length only (which is public), never on
 * where they first differ. A loop, not node:crypto's timingSafeEqual: the domain runs in browsers too.
 */
export function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return difference === 0;
}

/** SHA-256 of an ASCII string, as base64url: PKCE's S256 (RFC 7636 §4.2). */
export const sha256Base64url = (value: string): Promise<string> => digest('SHA-256', value, 'base64url');

/**
 * A bearer secret (reset ticket, authorization code, refresh token, session cookie): 32 random
 * bytes (256 bits) as 43 base64url characters, and the digest we store instead.
 */
export async function newSecret(): Promise<{ secret: string; hash: string }> {
  const secret = base64url(randomBytes(32));
  return { secret, hash: await sha256Hex(secret) };
}

/** Opaque identifiers (sessions, users): 128 random bits. */
export const randomId = (bytes = 16): string => hex(randomBytes(bytes));

/** 10^8: how many codes of RESET_CODE_LENGTH digits there are. */
const CODES = 10 ** RESET_CODE_LENGTH;
/** The largest multiple of CODES below 2^32: a draw at or above it is redrawn, so `draw % CODES` is uniform. */
const UNBIASED_BELOW = Math.floor(2 ** 32 / CODES) * CODES;

const randomUint32 = () => new DataView(randomBytes(4).buffer).getUint32(0);

/**
 * A one-time reset code: RESET_CODE_LENGTH decimal digits, each code equally likely (rejection sampling, not a
 * biased modulo). `draw` gives uniform 32-bit integers (tests script it).
 */
export function newResetCode(draw: () => number = randomUint32): string {
  for (;;) {
    const value = draw();
    if (value < UNBIASED_BELOW) return String(value % CODES).padStart(RESET_CODE_LENGTH, '0');
  }
}
