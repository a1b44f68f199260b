/**
 * Loads the tenant's code for the Node host, which injects it into Deps (the domain core never
 * imports modules itself): the Post Change Password hook and each custom database connection's
 * scripts. Module paths are relative to the tenant file; a module
 * that cannot be loaded or lacks an export stops start-up with the config field to fix.
 */
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isDatabase, TenantConfigError, type TenantConfig } from '../config.js';
import type { CustomDatabaseScripts, Deps, PostChangePasswordHook } from '../domain/ports.js';

type Module = Record<string, unknown>;

async function importModule(tenantFile: string, specifier: string, field: string): Promise<Module> {
  try {
    return (await import(pathToFileURL(resolve(dirname(resolve(tenantFile)), specifier)).href)) as Module;
  } catch (error) {
    throw new TenantConfigError(`invalid tenant config:\n  ${field}: cannot load ${specifier}: ${(error as Error).message}`);
  }
}

function exported<T extends (...args: never[]) => unknown>(module: Module, name: string, specifier: string, field: string): T {
  if (typeof module[name] !== 'function') {
    throw new TenantConfigError(`invalid tenant config:\n  ${field}: ${specifier} must export a function ${name === 'default' ? 'as its default export' : name}`);
  }
  return module[name] as T;
}

export async function loadExtensions(config: TenantConfig, tenantFile: string): Promise<Pick<Deps, 'postChangePassword' | 'customDatabases'>> {
  let postChangePassword: PostChangePasswordHook | undefined;
  const hook = config.hooks.postChangePassword;
  if (hook) {
    const field = 'hooks.postChangePassword.module';
    postChangePassword = exported<PostChangePasswordHook>(await importModule(tenantFile, hook.module, field), 'default', hook.module, field);
  }

  const customDatabases: Record<string, CustomDatabaseScripts> = {};
  for (const [index, connection] of config.connections.entries()) {
    if (!isDatabase(connection) || !connection.customScripts) continue;
    const { module: specifier, configuration } = connection.customScripts;
    const field = `connections.${index}.customScripts.module`;
    const module = await importModule(tenantFile, specifier, field);
    const getUser = exported<(email: string, configuration: Record<string, string>) => ReturnType<CustomDatabaseScripts['getUser']>>(module, 'getUser', specifier, field);
    const changePassword = exported<(email: string, password: string, configuration: Record<string, string>) => ReturnType<CustomDatabaseScripts['changePassword']>>(module, 'changePassword', specifier, field);
    customDatabases[connection.name] = {
      getUser: (email) => getUser(email, configuration),
      changePassword: (email, newPassword) => changePassword(email, newPassword, configuration),
    };
  }

  return { postChangePassword, customDatabases };
}
