/**
 * JSON lines on stderr (stdout carries only the start-up lines). JSON.stringify escapes control
 * characters, so a crafted input cannot forge a log line.
 */
import type { Logger } from '../domain/ports.js';

export function jsonLogger(write: (line: string) => void = (line) => process.stderr.write(line + '\n')): Logger {
  const log = (level: string) => (event: string, fields: Record<string, unknown> = {}) =>
    write(JSON.stringify({ time: new Date().toISOString(), level, event, ...fields }));
  return { info: log('info'), warn: log('warn'), error: log('error') };
}
