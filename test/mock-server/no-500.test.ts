/**
 * Malformed input never gets a 5xx: a seeded stream of odd bodies (wrong types, nesting, prototype
 * keys, control characters, huge strings) and raw bytes sent to every endpoint that takes a body.
 * Each answer must be a 2xx or 4xx in JSON (or the change_password text), and the server must go on
 * answering normally afterwards. "In JSON" means what each API family's clients parse: a success
 * in the contract's response shape, a refusal in that family's error envelope with nothing else in
 * it (wire notes §0.1), its statusCode (where it has one) the response's status.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  PasswordChangeTicketResponse, ResetCodeResponse, ResetPasswordResponse, TicketInfoResponse, TokenResponse,
} from '../../src/api/contract.js';
import { mulberry32 } from '../prng.js';
import { broken, type Endpoint } from './envelopes.js';
import { ADA, testServer, type TestServer } from './helpers.js';

const ENDPOINTS: Endpoint[] = [
  { path: '/dbconnections/change_password', family: 'oauth', success: 'text/html' },
  { path: '/oauth/token', family: 'oauth', success: TokenResponse },
  { path: '/lo/reset/ticket', family: 'legacy', success: TicketInfoResponse },
  { path: '/lo/reset', family: 'legacy', success: ResetPasswordResponse },
  { path: '/lo/reset/code', family: 'legacy', success: ResetCodeResponse },
  { path: '/dashboard/session', family: 'management', success: TokenResponse },
  { path: '/api/v2/tickets/password-change', family: 'management', success: PasswordChangeTicketResponse },
];

const FIELDS = ['email', 'connection', 'client_id', 'password', 'ticket', 'newPassword', 'grant_type', 'username', 'realm',
  'client_secret', 'audience', 'scope', 'user_id', 'result_url', 'ttl_sec', 'connection_id', 'code', '__proto__', 'constructor'];
const STRINGS = ['', ' ', 'ada@example.com', 'Username-Password-Authentication', 'demo-spa', 'client_credentials',
  'http://auth0.com/oauth/grant-type/password-realm', '\u0000', '\r\nBcc: x@evil.test', '😀'.repeat(50), 'x'.repeat(5000),
  '{"a":1}', 'javascript:alert(1)', '%00', '\ud800', '../../etc/passwd', 'auth0|nope', '12345678'];

function value(random: () => number, depth: number): unknown {
  const pick = random();
  if (depth > 3 || pick < 0.45) return STRINGS[Math.floor(random() * STRINGS.length)];
  if (pick < 0.55) return Math.floor(random() * 2 ** 40) * (random() < 0.5 ? -1 : 1) / (random() < 0.3 ? 7 : 1);
  if (pick < 0.62) return random() < 0.5;
  if (pick < 0.7) return null;
  if (pick < 0.85) return Array.from({ length: Math.floor(random() * 4) }, () => value(random, depth + 1));
  return body(random, depth + 1);
}

function body(random: () => number, depth = 0): Record<string, unknown> {
  const entries = Array.from({ length: Math.floor(random() * 6) }, () => [FIELDS[Math.floor(random() * FIELDS.length)]!, value(random, depth)]);
  return Object.fromEntries(entries);
}

describe('no 5xx for malformed input', () => {
  let server: TestServer;
  let managementToken: string;
  before(async () => {
    server = await testServer();
    const response = await server.json('/oauth/token', { grant_type: 'client_credentials', client_id: 'demo-m2m', client_secret: 'demo-m2m-secret' });
    managementToken = ((await response.json()) as { access_token: string }).access_token;
  });
  after(() => server.close());

  test('200 random JSON bodies per endpoint', async () => {
    const random = mulberry32(20261128); // the same bodies on every run
    for (const endpoint of ENDPOINTS) {
      const { path } = endpoint;
      const headers: Record<string, string> = path.startsWith('/api/v2') ? { authorization: `Bearer ${managementToken}` } : {};
      for (let i = 0; i < 200; i++) {
        const sent = random() < 0.1 ? value(random, 0) : body(random);
        const response = await server.json(path, sent, headers);
        const text = await response.text();
        const problem = broken(endpoint, response, text);
        assert.equal(problem, undefined, `${path} ${JSON.stringify(sent).slice(0, 200)} → ${response.status} ${text.slice(0, 200)}: ${problem}`);
      }
    }
  });

  test('raw bytes, wrong content types and empty bodies', async () => {
    const bodies: [string, string | Uint8Array][] = [
      ['application/json', new Uint8Array([0xff, 0xfe, 0x00, 0x7b])],
      ['application/json', '{"email": "\\ud800"}'],
      ['application/json', '['.repeat(8000)],
      ['application/json', '{"a":'.repeat(2000)],
      ['application/x-www-form-urlencoded', 'grant_type=%E0%A4%A&client_id=%'],
      ['multipart/form-data; boundary=x', '--x\r\nContent-Disposition: form-data; name="email"\r\n\r\nada@example.com\r\n--x--'],
      ['', ''],
    ];
    for (const endpoint of ENDPOINTS) {
      for (const [type, raw] of bodies) {
        const response = await server.request(endpoint.path, { method: 'POST', headers: type ? { 'content-type': type } : {}, body: raw });
        const text = await response.text();
        assert.ok(response.status >= 400 && response.status < 500, `${endpoint.path} ${type} → ${response.status}`);
        const problem = broken(endpoint, response, text);
        assert.equal(problem, undefined, `${endpoint.path} ${type} → ${response.status} ${text.slice(0, 200)}: ${problem}`);
      }
    }
  });

  test('and the server still answers normally', async () => {
    const answers: [string, Response][] = [
      ['/dbconnections/change_password', await server.requestReset(ADA.email)],
      ['/oauth/token', await server.login(ADA.email, ADA.password)],
    ];
    for (const [path, response] of answers) {
      assert.equal(response.status, 200, path);
      assert.equal(broken(ENDPOINTS.find((endpoint) => endpoint.path === path)!, response, await response.text()), undefined, path);
    }
    assert.ok(!server.logs.some((record) => record.event === 'unhandled_error'), 'nothing reached the 500 handler');
  });
});
