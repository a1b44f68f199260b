/**
 * The reference app as the browser hosts it: the demo tenant, the memory store, PBKDF2 from Web
 * Crypto, and the dev outbox, all inside the page. Each call is a fresh server (tests get one each).
 */
import { createApp, type App } from '../app.js';
import { parseTenantConfig, type TenantConfigInput } from '../config.js';
import { createPbkdf2Hasher, PBKDF2_ITERATIONS } from '../browser/pbkdf2-hasher.js';
import { breachedPasswordsOf } from '../domain/breached-passwords.js';
import { emailKey } from '../domain/email.js';
import type { Deps, Logger } from '../domain/ports.js';
import { createSigner, longestTokenLifetimeSeconds } from '../domain/tokens.js';
import { seedUsers } from '../domain/users.js';
import { devOutboxMailer } from '../mail/dev-outbox.js';
import { createMailSender } from '../mail/sender.js';
import { createMemoryStore } from '../storage/memory.js';
import demoTenant from '../tenants/demo.json';
import { MSW_ORIGIN } from './handlers.js';

export interface BrowserAppOptions {
  origin?: string;
  /** PBKDF2 iterations; tests lower it for speed, the demo keeps the default (600 000). */
  iterations?: number;
  /** Changes to (a copy of) the demo tenant before it is validated. */
  tenant?: (tenant: TenantConfigInput) => void;
  logger?: Logger;
}

const silent: Logger = { info() {}, warn() {}, error() {} };

export async function createBrowserApp(options: BrowserAppOptions = {}): Promise<App> {
  const tenant = structuredClone(demoTenant) as TenantConfigInput;
  options.tenant?.(tenant);
  const store = createMemoryStore(emailKey);
  const clock = { now: () => Date.now() };
  const logger = options.logger ?? silent;
  const sender = createMailSender({ store, clock, logger }, devOutboxMailer);
  const baseUrl = options.origin ?? MSW_ORIGIN;
  const config = parseTenantConfig(tenant);
  const deps: Deps = {
    config, baseUrl, store, clock, logger,
    signer: createSigner({ store, clock, baseUrl, keepRetiredSeconds: longestTokenLifetimeSeconds(config) }),
    hasher: createPbkdf2Hasher({ iterations: options.iterations ?? PBKDF2_ITERATIONS }),
    onMailQueued: () => void sender.deliver(),
    breachedPasswords: breachedPasswordsOf(config),
    dev: true,
  };
  await seedUsers(deps);
  return createApp(deps);
}
