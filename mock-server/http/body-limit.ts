/** Bodies larger than any real request are refused (413) before they are read or parsed. */
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HttpProblem } from './request.js';

export const MAX_BODY_BYTES = 16 * 1024;

const tooLarge = (): never => {
  throw new HttpProblem(413, 'invalid_request', `The request body is larger than ${MAX_BODY_BYTES} bytes.`);
};

/** Counts the bytes of a body without a Content-Length (chunked, or a Request built in-process) as they stream in. */
const streamedLimit = bodyLimit({ maxSize: MAX_BODY_BYTES, onError: tooLarge });

/**
 * Hono's bodyLimit, except that a body with a Content-Length (and no Transfer-Encoding) is judged by that header
 * before anything touches the body: Hono's first looks at `c.req.raw.body`, which makes @hono/node-server build a
 * whole web Request (undici, web streams) for every POST, where it otherwise reads the body straight off the socket.
 */
export const limitBody = (): MiddlewareHandler => async (c, next) => {
  const length = c.req.header('content-length');
  if (length === undefined || c.req.header('transfer-encoding') !== undefined) return streamedLimit(c, next);
  if (!(Number(length) <= MAX_BODY_BYTES)) tooLarge();
  return next();
};
