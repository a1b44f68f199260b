/** A real SMTP server on loopback inside the test process (the `smtp-server` package), recording what it is handed. */
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface Received { from: string; to: string[]; raw: string }

export async function startSmtp() {
  const received: Received[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  // A connection the client drops (a sender killed mid-mail) is an 'error' event: kept for the test to judge, not thrown.
  const errors: Error[] = [];
  server.on('error', (error) => errors.push(error));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return { received, errors, url: `smtp://127.0.0.1:${port}`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const quotedPrintable = (text: string) =>
  Buffer.from(text.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1').toString('utf8');

/**
 * A text/plain or text/html part of a MIME message, decoded (quoted-printable or base64, as the sender chose).
 * The part ends at the message's own boundary only: a quoted-printable line may start with "--" (a ticket cut by a
 * soft line break), which is no boundary.
 */
export function mimePart(raw: string, type: 'plain' | 'html'): string {
  const boundary = /boundary="?([^";\r\n]+)"?/i.exec(raw)?.[1];
  const end = boundary === undefined ? '(?:\\r\\n)?$' : `\\r\\n--${boundary.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`;
  const [, headers = '', body = ''] = new RegExp(`(Content-Type: text\\/${type}[^\\r\\n]*\\r\\n(?:[^\\r\\n]+\\r\\n)*)\\r\\n([\\s\\S]*?)(?:${end})`, 'i').exec(raw) ?? [];
  if (/Content-Transfer-Encoding: base64/i.test(headers)) return Buffer.from(body, 'base64').toString('utf8');
  return /Content-Transfer-Encoding: quoted-printable/i.test(headers) ? quotedPrintable(body) : body;
}

/** The text/plain part of a MIME message, decoded. */
export const plainText = (raw: string): string => mimePart(raw, 'plain');

/** The Subject header, its RFC 2047 encoded words (=?UTF-8?B?…?= or ?Q?) decoded. */
export function subjectOf(raw: string): string {
  const header = /^Subject: (.*(?:\r\n[ \t].*)*)/m.exec(raw)?.[1] ?? '';
  return header.replace(/\r\n[ \t]/g, ' ').replace(/=\?utf-8\?([BQ])\?([^?]*)\?=\s*/gi, (_, encoding: string, text: string) =>
    encoding.toUpperCase() === 'B' ? Buffer.from(text, 'base64').toString('utf8') : quotedPrintable(text.replace(/_/g, ' '))).trim();
}
