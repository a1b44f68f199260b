/**
 * The hosted password-reset page behind the mailed link, mounted at `PREFIX.resetPage`: the page
 * itself (page.ts) and the JSON calls it makes (api.ts).
 */
import { Hono } from 'hono';
import type { Deps } from '../../domain/ports.js';
import { resetPageApi } from './api.js';
import { resetPage } from './page.js';

export const resetPageRoutes = (deps: Deps) => new Hono().route('/', resetPage(deps)).route('/', resetPageApi(deps));
