/**
 * RS256 JWTs, signed with a key pair that is generated on first use and kept in the store, so
 * tokens stay verifiable across restarts and instances; a rotation adds a new key and keeps the
 * old one published until its tokens have expired. jose runs on Web Crypto: same code in Node and
 * browsers.
 */
import { SignJWT, calculateJwkThumbprint, createLocalJWKSet, exportJWK, generateKeyPair, importJWK, jwtVerify, type JWK, type JWTPayload } from 'jose';
import type { TenantConfig } from '../config.js';
import type { Clock, Store } from './ports.js';

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

interface StoredRetiredKey { jwk: JWK; retiredAt: number }

/** Where the keys live in the store: the current private key, and the public halves of retired ones. */
const RETIRED = 'signing-keys.retired';
/** How often an instance looks for a key another instance (or `npm run rotate-keys`) wrote. */
const RELOAD_MS = 30_000;

const newPrivateJwk = async () => exportJWK((await generateKeyPair(ALG, { modulusLength: 2048, extractable: true })).privateKey);

async function publicJwkOf({ kty, n, e }: JWK): Promise<JWK> {
  const publicJwk: JWK = { kty, n, e };
  return { ...publicJwk, kid: await calculateJwkThumbprint(publicJwk), alg: ALG, use: 'sig' };
}

/**
 * The current key (created by whoever starts first: insert-if-absent, so every instance signs with
 * that one) and the retired keys still published, each until `keepRetiredMs` after its retirement:
 * long enough for every token it signed to have expired.
 */
async function loadKeyRing(store: Store, now: number, keepRetiredMs: number) {
  const stored = (await store.getSetting(SETTING)) ?? (await store.setSettingIfAbsent(SETTING, JSON.stringify(await newPrivateJwk())));
  const privateJwk: JWK = JSON.parse(stored);
  const current = await publicJwkOf(privateJwk);
  const retired = (JSON.parse((await store.getSetting(RETIRED)) ?? '[]') as StoredRetiredKey[])
    .filter(({ jwk, retiredAt }) => now - retiredAt < keepRetiredMs && jwk.kid !== current.kid)
    .map(({ jwk }) => jwk);
  const published = [current, ...retired];
  return { kid: current.kid!, privateKey: await importJWK(privateJwk, ALG), published, keySet: createLocalJWKSet({ keys: published }), loadedAt: now };
}

/**
 * Adds a new signing key and retires the current one (it stays published until the tokens it
 * signed have expired). Returns the new key's id. Running instances pick it up within RELOAD_MS,
 * or at once when they meet a token signed with it.
 */
export async function rotateSigningKey(store: Store, now: number): Promise<string> {
  const stored = await store.getSetting(SETTING);
  const retired = JSON.parse((await store.getSetting(RETIRED)) ?? '[]') as StoredRetiredKey[];
  if (stored) retired.push({ jwk: await publicJwkOf(JSON.parse(stored)), retiredAt: now });
  const fresh = await newPrivateJwk();
  // Retire first: a crash between the two writes leaves the old key both current and listed, never unpublished.
  await store.setSetting(RETIRED, JSON.stringify(retired));
  await store.setSetting(SETTING, JSON.stringify(fresh));
  return (await publicJwkOf(fresh)).kid!;
}

export interface SignerOptions {
  store: Store;
  clock: Clock;
  baseUrl: string;
  /** How long a retired key stays published: at least the longest token lifetime. */
  keepRetiredSeconds: number;
}

export function createSigner({ store, clock, baseUrl, keepRetiredSeconds }: SignerOptions): Signer {
  const issuer = issuerOf(baseUrl);
  let ring: ReturnType<typeof loadKeyRing> | undefined;
  const reload = () => (ring = loadKeyRing(store, clock.now(), keepRetiredSeconds * 1000));
  const load = async () => {
    const loaded = await (ring ?? reload());
    return clock.now() - loaded.loadedAt < RELOAD_MS ? loaded : reload();
  };
  const check = async (token: string, audience: string, now: number) => {
    const { payload } = await jwtVerify(token, (await load()).keySet, { issuer, audience, algorithms: [ALG], currentDate: new Date(now) });
    return payload;
  };
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
      try {
        return await check(token, audience, now);
      } catch (error) {
        // A key newer than ours (rotated by another process): reload once and try again.
        if ((error as { code?: string }).code !== 'ERR_JWKS_NO_MATCHING_KEY') return undefined;
        await reload();
        return check(token, audience, now).catch(() => undefined);
      }
    },
    async jwks() {
      return { keys: (await load()).published };
    },
  };
}

/** The longest lifetime of any token the tenant issues: how long a retired signing key must stay published. */
export const longestTokenLifetimeSeconds = (config: TenantConfig): number =>
  Math.max(config.tokens.lifetimeInSeconds, ...config.clients.map((client) => ('tokenLifetimeInSeconds' in client && client.tokenLifetimeInSeconds) || 0));
