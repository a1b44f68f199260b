/**
 * JSON lines on stderr (stdout carries only the start-up lines). JSON.stringify escapes control
 * characters, so a crafted input cannot forge a log line.
 */
import type { Logger } from '../domain/ports.js';

export function jsonLogger(write: (line: string) => void = stderrOncePerTurn()): Logger {
  const log = (level: string) => (event: string, fields: Record<string, unknown> = {}) =>
    write(JSON.stringify({ time: new Date().toISOString(), level, event, ...fields }));
  return { info: log('info'), warn: log('warn'), error: log('error') };
}

/**
 * Writes the lines of one event-loop turn together at its end: stderr is synchronous on files and pipes,
 * and a write per line cost a reset request two system calls under load. The turn's lines are written
 * on exit too (process.exit, an uncaught error), so only kill -9 can lose them, as it would the write.
 */
export function stderrOncePerTurn(stream: { write(text: string): unknown } = process.stderr): (line: string) => void {
  let pending = '';
  const flush = () => {
    if (pending === '') return;
    const text = pending;
    pending = '';
    stream.write(text);
  };
  process.on('exit', flush);
  return (line) => {
    if (pending === '') setImmediate(flush);
    pending += line + '\n';
  };
}
