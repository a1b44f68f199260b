/** Bodies larger than any real request are refused (413) before they are read or parsed. */
import { bodyLimit } from 'hono/body-limit';
import { HttpProblem } from './request.js';

export const MAX_BODY_BYTES = 16 * 1024;

export const limitBody = () =>
  bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: () => {
      throw new HttpProblem(413, 'invalid_request', `The request body is larger than ${MAX_BODY_BYTES} bytes.`);
    },
  });
