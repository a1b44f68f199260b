/** The service worker for the tests and the static demo; handlers are installed per use. */
import { setupWorker } from 'msw/browser';

export const worker = setupWorker();
