/**
 * One error handler per Auth0 API family, each rendering failures in the envelope that family's
 * clients parse (wire notes §0.1). Expected failures are 4xx with a message that says what is
 * wrong; anything else is logged (without request data) and answered 500 in the same envelope.
 */
import type { Context, ErrorHandler } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { LegacyError, ManagementError, OAuthError } from '../../src/api/contract.js';
import { DomainError, type DomainErrorCode } from '../domain/errors.js';
import type { Logger } from '../domain/ports.js';
import { HttpProblem } from './request.js';

const NO_STORE = { 'Cache-Control': 'no-store' };

const unexpected = (logger: Logger, c: Context, error: unknown) =>
  logger.error('unhandled_error', { method: c.req.method, path: c.req.path, error: error instanceof Error ? error.stack : String(error) });

/** Authentication API status and `error` code for each domain failure. */
const OAUTH: Record<DomainErrorCode, { status: ContentfulStatusCode; error: string }> = {
  invalid_request: { status: 400, error: 'invalid_request' },
  unknown_client: { status: 400, error: 'invalid_request' },
  // Auth0's own wording, which its SDKs surface as the code (Auth0.Android #303).
  unknown_connection: { status: 400, error: 'connection not found' },
  not_database_connection: { status: 400, error: 'invalid_request' },
  invalid_ticket: { status: 400, error: 'invalid_ticket' },
  invalid_code: { status: 400, error: 'invalid_code' },
  password_policy: { status: 400, error: 'invalid_password' },
  invalid_grant: { status: 403, error: 'invalid_grant' },
  too_many_attempts: { status: 429, error: 'too_many_attempts' },
  invalid_client: { status: 401, error: 'access_denied' },
  unauthorized_client: { status: 403, error: 'unauthorized_client' },
  client_not_authorized_for_audience: { status: 403, error: 'access_denied' },
  inexistent_user: { status: 404, error: 'not_found' },
  custom_database_failed: { status: 503, error: 'temporarily_unavailable' },
  server_busy: { status: 503, error: 'temporarily_unavailable' },
};

/** Seconds a client should wait before trying again, for the failures that pass by themselves. */
const RETRY_AFTER: Partial<Record<DomainErrorCode, number>> = { server_busy: 1 };

const retryAfter = (c: Context, error: DomainError) => {
  const seconds = RETRY_AFTER[error.code];
  if (seconds !== undefined) c.header('Retry-After', String(seconds));
};

/** `{error, error_description}`: /dbconnections/*, /oauth/token, /userinfo. */
export const oauthErrors = (logger: Logger): ErrorHandler => (error, c) => {
  let body: OAuthError;
  let status: ContentfulStatusCode;
  if (error instanceof DomainError) {
    retryAfter(c, error);
    ({ status } = OAUTH[error.code]);
    body = { error: OAUTH[error.code].error, error_description: error.message };
  } else if (error instanceof HttpProblem) {
    status = error.status;
    body = { error: error.code, error_description: error.message };
  } else {
    unexpected(logger, c, error);
    status = 500;
    body = { error: 'server_error', error_description: 'Something went wrong on our side.' };
  }
  return c.json(body, status, NO_STORE);
};

/** Boom's error names, by status. */
const LEGACY_NAMES: Partial<Record<number, string>> = {
  400: 'BadRequestError', 401: 'UnauthorizedError', 403: 'ForbiddenError', 413: 'PayloadTooLargeError',
  415: 'UnsupportedMediaTypeError', 429: 'TooManyRequestsError', 503: 'ServiceUnavailableError',
};

/** `{name, code, description, statusCode}` (+ `message`, `policy` on password errors): the hosted reset page. */
export const legacyErrors = (logger: Logger): ErrorHandler => (error, c) => {
  let body: LegacyError;
  if (error instanceof DomainError && error.policy) {
    body = {
      name: error.policy.name,
      code: 'invalid_password',
      message: error.message,
      description: { rules: error.policy.check.rules, verified: error.policy.check.verified },
      policy: error.policy.description,
      statusCode: 400,
    };
  } else if (error instanceof DomainError) {
    retryAfter(c, error);
    const { status } = OAUTH[error.code];
    body = { name: LEGACY_NAMES[status] ?? 'BadRequestError', code: error.code, description: error.message, statusCode: status };
  } else if (error instanceof HttpProblem) {
    body = { name: LEGACY_NAMES[error.status] ?? 'BadRequestError', code: error.code, description: error.message, statusCode: error.status };
  } else {
    unexpected(logger, c, error);
    body = { name: 'InternalServerError', code: 'server_error', description: 'Something went wrong on our side.', statusCode: 500 };
  }
  return c.json(body, body.statusCode as ContentfulStatusCode, NO_STORE);
};

/** Management API status and `errorCode` for each domain failure (policy errors carry no errorCode, as Auth0's). */
const MANAGEMENT: Record<DomainErrorCode, { status: ContentfulStatusCode; errorCode?: string }> = {
  invalid_request: { status: 400, errorCode: 'invalid_body' },
  unknown_client: { status: 404, errorCode: 'inexistent_client' },
  unknown_connection: { status: 404, errorCode: 'inexistent_connection' },
  not_database_connection: { status: 400, errorCode: 'operation_not_supported' },
  invalid_ticket: { status: 400, errorCode: 'invalid_body' },
  invalid_code: { status: 400, errorCode: 'invalid_body' },
  password_policy: { status: 400 },
  invalid_grant: { status: 401 },
  too_many_attempts: { status: 429, errorCode: 'too_many_attempts' },
  invalid_client: { status: 401 },
  unauthorized_client: { status: 403 },
  client_not_authorized_for_audience: { status: 403 },
  inexistent_user: { status: 404, errorCode: 'inexistent_user' },
  custom_database_failed: { status: 503, errorCode: 'custom_database_failed' },
  server_busy: { status: 503, errorCode: 'server_busy' },
};

const REASON: Record<number, string> = {
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed',
  413: 'Request Entity Too Large', 415: 'Unsupported Media Type', 429: 'Too Many Requests', 500: 'Internal Server Error', 503: 'Service Unavailable',
};

/** `{statusCode, error, message, errorCode}` (+ `attributes` on 401s): /api/v2/* and the dashboard's sign-in. */
export const managementErrors = (logger: Logger): ErrorHandler => (error, c) => {
  let status: ContentfulStatusCode;
  let message: string;
  let errorCode: string | undefined;
  if (error instanceof DomainError) {
    retryAfter(c, error);
    ({ status, errorCode } = MANAGEMENT[error.code]);
    message = error.policy ? `${error.policy.name}: ${error.message}` : error.message;
  } else if (error instanceof HttpProblem) {
    status = error.status;
    // Body problems (bad JSON, a field failing the contract) read as Auth0's payload validation errors.
    const bodyProblem = error.code === 'invalid_request';
    errorCode = bodyProblem ? 'invalid_body' : error.code;
    message = bodyProblem && status === 400 ? `Payload validation error: ${error.message}` : error.message;
  } else {
    unexpected(logger, c, error);
    status = 500;
    message = 'Something went wrong on our side.';
    errorCode = 'server_error';
  }
  const body: ManagementError = { statusCode: status, error: REASON[status] ?? 'Error', message };
  if (status === 401) {
    body.attributes = { error: message };
    c.header('WWW-Authenticate', 'Bearer error="invalid_token"');
  } else if (errorCode) {
    body.errorCode = errorCode;
  }
  return c.json(body, status, NO_STORE);
};
