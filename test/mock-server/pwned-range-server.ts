/**
 * Have I Been Pwned's range API ("Pwned Passwords") on loopback, speaking its exact protocol: `GET <base><5 hex>`
 * answers `text/plain` lines `SUFFIX:COUNT` (35 upper-case hex characters, CRLF between lines) for every known hash
 * under that prefix and, with `Add-Padding: true`, made-up suffixes of count 0 among them (the service pads each
 * answer to 800–1000 lines). It records every request as it arrived, so tests can check what left the server.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RangeRequest { method: string; url: string; headers: IncomingHttpHeaders }

export const sha1Hex = (password: string) => createHash('sha1').update(password, 'utf8').digest('hex').toUpperCase();

/** `breached`: each password with how many breaches it appears in. */
export async function startPwnedRange(breached: Record<string, number>) {
  const known = new Map<string, string[]>();
  for (const [password, count] of Object.entries(breached)) {
    const hash = sha1Hex(password);
    known.set(hash.slice(0, 5), [...(known.get(hash.slice(0, 5)) ?? []), `${hash.slice(5)}:${count}`]);
  }
  const requests: RangeRequest[] = [];
  /** Milliseconds to wait before answering (a slow or hung service). */
  let delayMs = 0;
  const server = createServer((request, response) => {
    requests.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers });
    const prefix = /^\/range\/([0-9A-Fa-f]{5})$/.exec(request.url ?? '')?.[1]?.toUpperCase();
    const timer = setTimeout(() => {
      if (request.method !== 'GET' || !prefix) {
        response.writeHead(400, { 'content-type': 'text/plain' }).end('The hash prefix was not in a valid format');
        return;
      }
      const lines = [...(known.get(prefix) ?? [])];
      if (request.headers['add-padding'] === 'true') {
        while (lines.length < 800) lines.splice(Math.floor(Math.random() * (lines.length + 1)), 0, `${randomBytes(18).toString('hex').slice(0, 35).toUpperCase()}:0`);
      }
      response.writeHead(200, { 'content-type': 'text/plain' }).end(lines.join('\r\n'));
    }, delayMs);
    response.on('close', () => clearTimeout(timer));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    /** The tenant's `breachedPasswords.endpoint`. */
    endpoint: `http://127.0.0.1:${port}/range/`,
    requests,
    answerAfter(ms: number) { delayMs = ms; },
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
