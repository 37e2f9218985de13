#!/usr/bin/env node
// The `tessera` command: the bundle that `npm ci` (prepare) and `npm run build` make from the TypeScript.
import('../dist/bundle/main.js').catch((err) => {
  if (err && err.code === 'ERR_MODULE_NOT_FOUND' && String(err.message).includes('dist/bundle/main.js')) {
    console.error('tessera: dist/ is missing; run `npm run build` (npm ci does it for you)');
    process.exit(1);
  }
  throw err;
});
