/**
 * Password hashing for the browser host (msw): Web Crypto has no Argon2 or scrypt, so PBKDF2-SHA256,
 * stored as a PHC-like string `$pbkdf2-sha256$i=<iterations>$<salt>$<hash>` (base64, no padding).
 * The iteration count travels in the string, so hashes made with any count still verify.
 */
import type { PasswordHasher } from '../domain/ports.js';

/** OWASP's 2023 figure for PBKDF2-HMAC-SHA256. */
export const PBKDF2_ITERATIONS = 600_000;
const SALT_BYTES = 16;
const HASH_BITS = 256;
const PHC = /^\$pbkdf2-sha256\$i=(\d+)\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/;

const toBase64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes)).replace(/=+$/, '');
const fromBase64 = (text: string) => Uint8Array.from(atob(text), (char) => char.charCodeAt(0));

async function derive(password: string, salt: Uint8Array<ArrayBuffer>, iterations: number): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(password), 'PBKDF2', false, ['deriveBits']);
  return new Uint8Array(await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, key, HASH_BITS));
}

/** Compares every byte, so the time taken does not tell how much of a guess matched. */
function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  let difference = a.length ^ b.length;
  for (let i = 0; i < Math.min(a.length, b.length); i++) difference |= a[i]! ^ b[i]!;
  return difference === 0;
}

/** `iterations` below the default only for tests, where speed matters more than cost. */
export function createPbkdf2Hasher({ iterations = PBKDF2_ITERATIONS } = {}): PasswordHasher {
  return {
    async hash(password) {
      const salt = crypto.getRandomValues(new Uint8Array(SALT_BYTES));
      return `$pbkdf2-sha256$i=${iterations}$${toBase64(salt)}$${toBase64(await derive(password, salt, iterations))}`;
    },
    async verify(phc, password) {
      const match = PHC.exec(phc);
      if (!match) return false; // not one of ours: cannot match
      const expected = fromBase64(match[3]!);
      return equalBytes(await derive(password, fromBase64(match[2]!), Number(match[1])), expected);
    },
  };
}
