/**
 * node/logger.ts: one write per event-loop turn, lines in order, and the turn's lines still written when the
 * process ends on an error.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { jsonLogger, stderrOncePerTurn } from '../../mock-server/node/logger.js';

test('the lines of one turn reach the stream in one write at its end, in order, as JSON lines', async () => {
  const writes: string[] = [];
  const logger = jsonLogger(stderrOncePerTurn({ write: (text: string) => writes.push(text) }));
  logger.info('reset_requested', { user: 'ada' });
  logger.warn('mail_failed', { attempt: 2 });
  logger.error('sender_stopped');
  assert.equal(writes.length, 0, 'nothing is written before the turn ends');
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(writes.length, 1);
  const lines = writes[0]!.split('\n');
  assert.equal(lines.pop(), '', 'every line ends with a newline');
  assert.deepEqual(lines.map((line) => JSON.parse(line)).map(({ level, event }) => `${level} ${event}`),
    ['info reset_requested', 'warn mail_failed', 'error sender_stopped']);

  logger.info('next_turn');
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(writes.length, 2);
  assert.equal(JSON.parse(writes[1]!).event, 'next_turn');
});

test('a process that dies of an uncaught error still writes the lines of its last turn', () => {
  const logger = fileURLToPath(new URL('../../mock-server/node/logger.ts', import.meta.url));
  const script = `import { jsonLogger } from ${JSON.stringify(logger)};
    jsonLogger().error('about_to_fail', { why: 'test' });
    throw new Error('the crash');`;
  const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8' });
  assert.equal(child.status, 1);
  const line = child.stderr.split('\n').find((text) => text.startsWith('{'));
  assert.ok(line, `no log line in: ${child.stderr}`);
  assert.deepEqual({ ...JSON.parse(line), time: undefined }, { time: undefined, level: 'error', event: 'about_to_fail', why: 'test' });
  assert.match(child.stderr, /the crash/);
});
