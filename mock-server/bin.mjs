#!/usr/bin/env node
// `npx login-box-server [options]` (and `npm start`): the CLI in main.ts, run from its TypeScript
// sources through tsx. It serves the components built in the repository's dist/ (npm run build).
import { register } from 'tsx/esm/api';

register();
await import('./main.ts');
