/** A static file server on loopback for a built app (Vite's dist/): `/` is index.html. */
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join } from 'node:path';

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml' };

export interface StaticServer {
  origin: string;
  /** The folder served; set it before loading a page. */
  root: string;
  close(): Promise<void>;
}

export async function serveStatic(): Promise<StaticServer> {
  const served: StaticServer = { origin: '', root: '', close: () => new Promise((done) => http.close(() => done())) };
  const http = createServer(async (request, response) => {
    const path = new URL(request.url ?? '/', 'http://x').pathname; // dot segments resolved: never above the root
    const file = join(served.root, path.endsWith('/') ? `${path}index.html` : path);
    try {
      const body = await readFile(file);
      response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((listening) => http.listen(0, '127.0.0.1', listening));
  served.origin = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  return served;
}
