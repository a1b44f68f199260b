/**
 * RS256 JWTs, signed with one key pair that is generated on first use and kept in the store, so
 * tokens stay verifiable across restarts. jose runs on Web Crypto: same code in Node and browsers.
 */
import { SignJWT, calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, jwtVerify, type JWK, type JWTPayload } from 'jose';
import type { Store } from './ports.js';

const ALG = 'RS256';
const SETTING = 'signing-key.jwk';

/** The `iss` of every token: the public base URL with a trailing slash, as Auth0's `https://<tenant>/`. */
export const issuerOf = (baseUrl: string) => `${baseUrl}/`;
/** The audience every user access token carries, so /userinfo can check it. */
export const userinfoAudience = (baseUrl: string) => `${baseUrl}/userinfo`;
/** The Management API's audience (Auth0's `https://<tenant>/api/v2/`). */
export const managementAudience = (baseUrl: string) => `${baseUrl}/api/v2/`;

export interface Signer {
  sign(claims: JWTPayload, expiresInSeconds: number, issuedAt: number): Promise<string>;
  /** Verified claims, or undefined for a bad signature, issuer, audience or an expired token. */
  verify(token: string, audience: string, now: number): Promise<JWTPayload | undefined>;
  /** The public key set for /.well-known/jwks.json. */
  jwks(): Promise<{ keys: JWK[] }>;
}

async function loadKeys(store: Store) {
  let stored = await store.getSetting(SETTING);
  if (!stored) {
    const { privateKey } = await generateKeyPair(ALG, { modulusLength: 2048, extractable: true });
    // Whoever starts first writes the key; every instance then signs with that one.
    stored = await store.setSettingIfAbsent(SETTING, JSON.stringify(await exportJWK(privateKey)));
  }
  const privateJwk: JWK = JSON.parse(stored);
  const { kty, n, e } = privateJwk;
  const publicJwk: JWK = { kty, n, e };
  const kid = await calculateJwkThumbprint(publicJwk);
  return {
    kid,
    privateKey: await importJWK(privateJwk, ALG),
    publicKey: await importJWK(publicJwk, ALG),
    publicJwk: { ...publicJwk, kid, alg: ALG, use: 'sig' },
  };
}

export function createSigner(store: Store, baseUrl: string): Signer {
  const issuer = issuerOf(baseUrl);
  let keys: ReturnType<typeof loadKeys> | undefined;
  const load = () => (keys ??= loadKeys(store));
  return {
    async sign(claims, expiresInSeconds, issuedAt) {
      const { kid, privateKey } = await load();
      const iat = Math.floor(issuedAt / 1000);
      return new SignJWT(claims)
        .setProtectedHeader({ alg: ALG, typ: 'JWT', kid })
        .setIssuer(issuer)
        .setIssuedAt(iat)
        .setExpirationTime(iat + expiresInSeconds)
        .sign(privateKey);
    },
    async verify(token, audience, now) {
      const { publicKey } = await load();
      try {
        const { payload } = await jwtVerify(token, publicKey, { issuer, audience, algorithms: [ALG], currentDate: new Date(now) });
        return payload;
      } catch {
        return undefined;
      }
    },
    async jwks() {
      return { keys: [(await load()).publicJwk] };
    },
  };
}
