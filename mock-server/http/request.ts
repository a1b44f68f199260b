/**
 * Reading and validating request bodies. Problems with the request itself (wrong content type,
 * broken JSON, a field that fails the contract) become an HttpProblem, which each API family's
 * error handler renders in its own envelope.
 */
import type { Context } from 'hono';
import type * as z from 'zod/mini';

export class HttpProblem extends Error {
  override name = 'HttpProblem';
  constructor(readonly status: 400 | 401 | 403 | 404 | 405 | 413 | 415 | 429, readonly code: string, message: string) {
    super(message);
  }
}

type Encoding = 'json' | 'form';

/**
 * The parsed body. Only the listed encodings are accepted: a JSON-only endpoint cannot be reached
 * by a plain cross-site form post, because browsers preflight `application/json` (CSRF).
 */
export async function readBody(c: Context, accepted: readonly Encoding[]): Promise<unknown> {
  const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'application/json' && accepted.includes('json')) {
    const text = await c.req.text();
    try {
      return JSON.parse(text);
    } catch {
      throw new HttpProblem(400, 'invalid_request', 'The request body is not valid JSON.');
    }
  }
  if (type === 'application/x-www-form-urlencoded' && accepted.includes('form')) {
    return Object.fromEntries(new URLSearchParams(await c.req.text()));
  }
  const expected = accepted.map((e) => (e === 'json' ? 'application/json' : 'application/x-www-form-urlencoded')).join(' or ');
  throw new HttpProblem(415, 'invalid_request', `Content-Type must be ${expected}.`);
}

/** The data, or an HttpProblem naming the first thing that is wrong ("email is required"). */
export function validate<T extends z.ZodMiniType>(schema: T, input: unknown): z.infer<T> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new HttpProblem(400, 'invalid_request', 'The request body must be a JSON object.');
  }
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const message = issue.code === 'unrecognized_keys' || issue.path.length === 0 || issue.message.startsWith(String(issue.path[0]))
    ? issue.message
    : `${issue.path.join('.')}: ${issue.message}`;
  throw new HttpProblem(400, 'invalid_request', message);
}
