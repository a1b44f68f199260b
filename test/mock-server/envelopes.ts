/**
 * Each API family's error envelope, and the check that an answer is in it: shared by the seeded fuzz
 * (no-500.test.ts) and the property tests (properties.test.ts). A refusal is in its family's envelope
 * with nothing else in it (wire notes §0.1), its statusCode (where it has one) the response's status.
 */
import * as z from 'zod/mini';
import { LegacyError, ManagementError, OAuthError } from '../../src/api/contract.js';

/** Each API family's error envelope, exactly: the contract's schema, and no key it does not name. */
export const ENVELOPES = {
  /** Authentication API and OAuth: `{error, error_description}`, always with the description. */
  oauth: z.strictObject({ ...OAuthError.shape, error_description: z.string() }),
  /** The reset page's JSON API (/lo/reset*): the legacy `{name, code, description, statusCode}`. */
  legacy: z.strictObject(LegacyError.shape),
  /** Management API and the dashboard's sign-in: `{statusCode, error, message, errorCode}` (`attributes` on 401s). */
  management: z.strictObject(ManagementError.shape),
};
export type Family = keyof typeof ENVELOPES;

export interface Endpoint {
  path: string;
  family: Family;
  /** What a 2xx is: a JSON body in this shape, or (change_password) Auth0's sentence as text/html. */
  success: z.ZodMiniType | 'text/html';
}

/** The JSON body of an answer in `schema` (named `shape` in the problem), or why it is not. */
function jsonIn(schema: z.ZodMiniType, shape: string, status: number, type: string, text: string): { body?: unknown; problem?: string } {
  if (!type.startsWith('application/json')) return { problem: `a ${status} in ${type || 'no content type'}, not JSON` };
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { problem: `a ${status} whose body is not JSON` };
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) return { problem: `not the ${shape} shape: ${parsed.error.issues.map((issue) => `${issue.path.join('.') || '(body)'} ${issue.message}`).join('; ')}` };
  return { body };
}

/**
 * Why a refusal (`status`, content type, body `text`) is not in `family`'s error envelope, or undefined when it is.
 * `checksPasswords`: the endpoint applies a password policy, whose Management refusals are 400s without an errorCode.
 */
export function notInEnvelope(family: Family, status: number, type: string, text: string, checksPasswords = false): string | undefined {
  const { body, problem } = jsonIn(ENVELOPES[family], `${family} error`, status, type, text);
  if (problem || family === 'oauth') return problem;
  const { statusCode, errorCode, attributes } = body as { statusCode: number; errorCode?: string; attributes?: unknown };
  if (statusCode !== status) return `statusCode ${statusCode} in a ${status}`;
  if (family === 'management') {
    // A Management refusal names its errorCode; a 401 carries `attributes` instead. (Password-policy
    // refusals, 400s, have neither, as Auth0's.)
    if (status === 401 && (!attributes || errorCode)) return 'a 401 without attributes, or with an errorCode';
    if (status !== 401 && !errorCode && !(checksPasswords && status === 400)) return `a ${status} without an errorCode`;
  }
  return undefined;
}

/** Why `response` (its body already read as `text`) is not what `endpoint` promises, or undefined when it is. */
export function broken({ family, success }: Endpoint, response: Response, text: string): string | undefined {
  const { status } = response;
  const type = response.headers.get('content-type') ?? '';
  const ok = status >= 200 && status < 300;
  if (!ok && !(status >= 400 && status < 500)) return `status ${status} is neither 2xx nor 4xx`;
  if (!ok) return notInEnvelope(family, status, type, text);
  if (success === 'text/html') return type.startsWith('text/html') ? undefined : `a 2xx in ${type}, not text/html`;
  return jsonIn(success, 'success', status, type, text).problem;
}
