/** Deploying the CLI (`npm start`): behind trusted proxies, at a public URL, and which binds get the dev routes. */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { run, start, stop } from './cli-process.js';
import { ADA, resetRequest, ticketFromMail } from './helpers.js';

/**
 * A raw POST, so Host and the forwarding headers are exactly what a client or a proxy sends; `chunked` sends the body in
 * two chunks with Transfer-Encoding instead of a Content-Length.
 */
function post(url: string, body: unknown, headers: Record<string, string> = {}, { chunked = false } = {}) {
  const text = JSON.stringify(body);
  const length = chunked ? {} : { 'content-length': Buffer.byteLength(text) };
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }>((resolve, reject) => {
    const sent = httpRequest(url, { method: 'POST', headers: { 'content-type': 'application/json', ...length, ...headers } }, (response) => {
      let answer = '';
      response.setEncoding('utf8').on('data', (chunk: string) => { answer += chunk; });
      response.on('end', () => resolve({ status: response.statusCode!, headers: response.headers, body: answer }));
    });
    sent.on('error', reject);
    if (chunked) sent.write(text.slice(0, text.length >> 1));
    sent.end(chunked ? text.slice(text.length >> 1) : text);
  });
}

/** X-RateLimit-Remaining of one change_password (limit 10 per client address) sent with `forwardedFor`. */
const remaining = async (url: string, forwardedFor?: string) =>
  Number((await post(`${url}/dbconnections/change_password`, resetRequest('nobody@example.test'), forwardedFor ? { 'x-forwarded-for': forwardedFor } : {})).headers['x-ratelimit-remaining']);

describe('deploying npm start', () => {
  let dir: string;
  before(() => { dir = mkdtempSync(join(tmpdir(), 'login-box-deploy-')); });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('X-Forwarded-For from an untrusted peer is ignored: it shares its socket\'s rate limit', async () => {
    for (const extra of [[], ['--trust-proxy', '10.0.0.0/8,fd00::/8', '--dev']]) {
      const server = await start(['--port', '0', '--db', join(dir, `untrusted-${extra.length}.sqlite`), ...extra]);
      try {
        assert.equal(await remaining(server.url, '203.0.113.1'), 9, extra.join(' '));
        assert.equal(await remaining(server.url, '203.0.113.2'), 8, 'another claimed client, the same limit');
        assert.equal(await remaining(server.url, '10.0.0.1, 203.0.113.3'), 7);
        assert.equal(await remaining(server.url), 6);
      } finally {
        await stop(server);
      }
    }
  });

  test('X-Forwarded-For from a trusted peer is used: each forwarded client has its own limit, hops from the right', async () => {
    const server = await start(['--port', '0', '--db', join(dir, 'trusted.sqlite'), '--trust-proxy', '127.0.0.1, 10.0.0.0/8', '--dev']);
    try {
      assert.equal(await remaining(server.url, '203.0.113.1'), 9);
      assert.equal(await remaining(server.url, '203.0.113.1'), 8);
      assert.equal(await remaining(server.url, '203.0.113.2'), 9, 'another client, its own limit');
      assert.equal(await remaining(server.url, '6.6.6.6, 203.0.113.1'), 7, 'what the client put in front is not believed');
      assert.equal(await remaining(server.url, '203.0.113.2, 10.1.1.1'), 8, 'a trusted hop is skipped');
      assert.equal(await remaining(server.url), 9, 'no header: the proxy itself');
    } finally {
      await stop(server);
    }
  });

  test('the mailed link uses the public URL, never Host or forwarding headers; HSTS with an https public URL', async () => {
    const args = ['--port', '0', '--db', join(dir, 'public.sqlite'), '--trust-proxy', '127.0.0.1', '--dev', '--public-url', 'https://login.example.test/'];
    const server = await start(args);
    try {
      const requested = await post(`${server.url}/dbconnections/change_password`, resetRequest(ADA.email), {
        host: 'evil.test', 'x-forwarded-host': 'evil.test', 'x-forwarded-proto': 'http', 'x-forwarded-port': '8080',
        forwarded: 'for=203.0.113.1;host=evil.test;proto=http', 'x-forwarded-for': '203.0.113.1',
      });
      assert.equal(requested.status, 200);
      assert.equal(requested.headers['strict-transport-security'], 'max-age=31536000');
      let mails: { text: string; html?: string }[] = [];
      for (let i = 0; i < 50 && mails.length === 0; i++) {
        mails = await (await fetch(`${server.url}/dev/outbox`)).json() as { text: string }[];
        if (mails.length === 0) await new Promise((resolve) => setTimeout(resolve, 50));
      }
      assert.equal(mails.length, 1);
      const links = mails[0]!.text.match(/https?:\/\/[^\s"<>]+/g) ?? [];
      assert.ok(links.length > 0);
      for (const link of links) assert.ok(link.startsWith('https://login.example.test/'), link);
      assert.ok(mails[0]!.text.includes(`https://login.example.test/lo/reset?ticket=${ticketFromMail(mails[0]!.text)}`));
      assert.doesNotMatch(JSON.stringify(mails[0]), /evil\.test|127\.0\.0\.1/);
    } finally {
      await stop(server);
    }
    const plain = await start(['--port', '0', '--db', join(dir, 'plain.sqlite')]);
    try {
      assert.equal((await post(`${plain.url}/dbconnections/change_password`, resetRequest(ADA.email))).headers['strict-transport-security'], undefined, 'http: no HSTS');
    } finally {
      await stop(plain);
    }
  });

  test('dev routes: off a loopback bind or behind a proxy they must be asked for; refused, saying why', async () => {
    for (const [args, reason] of [
      [['--host', '0.0.0.0'], /^login-box: --host 0\.0\.0\.0 is not a loopback address, so the development routes \(\/dev\/outbox, which lists live password reset links\) would be reachable from the network: add --no-dev to run without them, or --dev to serve them anyway$/m],
      [['--host', '::'], /--host :: is not a loopback address/],
      [['--trust-proxy', '127.0.0.1'], /^login-box: a proxy is in front \(--trust-proxy\), so the development routes .* add --no-dev/m],
    ] as const) {
      const { exited, stderr } = run(['--port', '0', '--db', join(dir, 'refused.sqlite'), ...args]);
      assert.equal(await exited, 1, args.join(' '));
      assert.match(stderr(), reason);
      assert.doesNotMatch(stderr(), /usage:/, 'the message says it all');
    }
    for (const [args, message] of [
      [['--dev', '--no-dev'], /--dev and --no-dev contradict each other/],
      [['--trust-proxy', '10.0.0.0/33'], /--trust-proxy takes IPv4 or IPv6 addresses and CIDR ranges .*got "10\.0\.0\.0\/33"/],
    ] as const) {
      const { exited, stderr } = run(['--port', '0', '--db', join(dir, 'bad.sqlite'), ...args]);
      assert.equal(await exited, 1, args.join(' '));
      assert.match(stderr(), message);
    }

    // Bound to every interface only to see the decision; traffic goes to 127.0.0.1 alone.
    const { child, firstLine, exited } = run(['--port', '0', '--db', join(dir, 'nodev.sqlite'), '--host', '0.0.0.0', '--no-dev']);
    const port = /^login-box server listening on http:\/\/0\.0\.0\.0:(\d+)$/.exec(await firstLine)?.[1];
    try {
      assert.ok(port);
      assert.equal((await fetch(`http://127.0.0.1:${port}/dev/outbox`)).status, 404);
      assert.equal((await fetch(`http://127.0.0.1:${port}/.well-known/openid-configuration`)).status, 200);
    } finally {
      child.kill('SIGTERM');
      assert.equal(await exited, 0);
    }

    const loopback = await start(['--port', '0', '--db', join(dir, 'dev.sqlite')]);
    try {
      assert.equal((await fetch(`${loopback.url}/dev/outbox`)).status, 200, 'loopback: on by default');
    } finally {
      await stop(loopback);
    }
  });

  test('over the socket, a body past 16 kB is refused with a 413 whether it has a Content-Length or comes chunked', async () => {
    const server = await start(['--port', '0', '--db', join(dir, 'body-limit.sqlite')]);
    try {
      const url = `${server.url}/dbconnections/change_password`;
      for (const chunked of [false, true]) {
        const small = await post(url, resetRequest('nobody@example.test'), {}, { chunked });
        assert.equal(small.status, 200, `a small body, chunked: ${chunked}`);
        const large = await post(url, { ...resetRequest('nobody@example.test'), padding: 'a'.repeat(20_000) }, {}, { chunked });
        assert.equal(large.status, 413, `chunked: ${chunked}`);
        assert.deepEqual(JSON.parse(large.body), { error: 'invalid_request', error_description: 'The request body is larger than 16384 bytes.' });
      }
    } finally {
      await stop(server);
    }
  });

  test('the README\'s "Server options" block is the usage text', async () => {
    const { child, exited } = run(['--help']);
    let usage = '';
    child.stdout!.on('data', (chunk) => { usage += chunk; });
    assert.equal(await exited, 0);
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    assert.equal(/## Server options\n\n```\n([^`]*)```/.exec(readme)?.[1], usage);
  });
});
