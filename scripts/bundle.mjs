#!/usr/bin/env node
// Bundles the compiled server and CLI (dist/src/cli/main.js, from tsc) into dist/bundle/, which
// bin/tessera.js runs: a few files instead of ~350 modules through Node's ESM loader. Code split at the
// dynamic imports, so `serve` never loads the client's AWS SDK and client commands never load the server.
// Pure-JS packages are bundled too (kysely alone is ~400 ES modules: ~100 ms to load one by one); native
// and lazily used ones stay external: better-sqlite3 (native), pg (PostgreSQL only), the AWS SDK (client only).
// dist/bundle/testing.js is `startTessera` (src/testing/), the package's `tessera-iam/testing` export; its
// types, dist/bundle/testing.d.ts, are made from the TypeScript source.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { build } from 'esbuild';
import ts from 'typescript';

const testingSource = 'src/testing/startTessera.ts';
const declaration = ts.transpileDeclaration(readFileSync(testingSource, 'utf8'), {
  fileName: testingSource,
  compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.NodeNext, strict: true },
  reportDiagnostics: true,
});
if (declaration.diagnostics?.length) {
  throw new Error(`${testingSource}: ${declaration.diagnostics.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')).join('; ')}`);
}
// A fresh folder: chunks of earlier builds must not end up in the package.
rmSync('dist/bundle', { recursive: true, force: true });
mkdirSync('dist/bundle', { recursive: true });
writeFileSync('dist/bundle/testing.d.ts', declaration.outputText);

await build({
  // writerThread: the audit recorder's writer thread, which services/cloudtrail/writer.js starts from its own
  // folder; openerThread: the thread that opens sealed blobs' segments, which store/blobs/opener.js starts.
  entryPoints: {
    main: 'dist/src/cli/main.js',
    testing: 'dist/src/testing/startTessera.js',
    writerThread: 'dist/src/services/cloudtrail/writerThread.js',
    openerThread: 'dist/src/store/blobs/openerThread.js',
  },
  outdir: 'dist/bundle',
  splitting: true,
  entryNames: '[name]',
  chunkNames: 'chunk-[hash]',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: ['better-sqlite3', 'pg', '@aws-sdk/*', '@smithy/*', '@aws-crypto/*'],
  // Bundled CommonJS packages call require() for Node's built-ins.
  banner: { js: "import { createRequire as __tesseraRequire } from 'node:module'; const require = __tesseraRequire(import.meta.url);" },
  sourcemap: 'linked',
  logLevel: 'warning',
});
