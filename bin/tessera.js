#!/usr/bin/env node
// The `tessera` command. The TypeScript sources are compiled to dist/ by `npm ci` (prepare) and `npm run build`.
import('../dist/src/cli/main.js').catch((err) => {
  if (err && err.code === 'ERR_MODULE_NOT_FOUND' && String(err.message).includes('dist/src/cli/main.js')) {
    console.error('tessera: dist/ is missing; run `npm run build` (npm ci does it for you)');
    process.exit(1);
  }
  throw err;
});
