/**
 * The package as its users get it: `npm pack` of this checkout, installed with npm into an empty directory
 * (production dependencies only, no build step), then `tessera serve` started from there and driven by the
 * AWS SDK, and `tessera-iam/testing` (startTessera) imported by a consumer script as a user's test suite would.
 *
 * better-sqlite3 is native: with no network access to its prebuilt binaries npm would compile it (minutes on
 * two cores). The install is given this checkout's own binary as a local prebuild
 * (npm_config_better_sqlite3_local_prebuilds, prebuild-install's offline mirror), so npm's ordinary install,
 * install scripts included, runs in seconds.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { rejects } from '../helpers/aws-errors.js';
import { repoRoot } from '../helpers/server.js';

const NAME = 'tessera-iam';
let work: string;
let app: string;
let packed: { filename: string; files: { path: string }[] };

/**
 * This process's environment without npm's: under `npm test` it carries npm_config_local_prefix (this
 * checkout) and the like, which would point the npm commands below back at the repository.
 */
const cleanEnv = (): NodeJS.ProcessEnv => Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));

function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = cleanEnv()) {
  const r = spawnSync(cmd, args, { cwd, env, encoding: 'utf8', timeout: 300_000 });
  assert.equal(r.status, 0, `${cmd} ${args.join(' ')} failed (${r.status ?? r.signal}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/** This checkout's better-sqlite3 binary, laid out as prebuild-install looks for it. */
function localPrebuild(dir: string): string {
  const mod = join(repoRoot, 'node_modules', 'better-sqlite3');
  const version = (JSON.parse(readFileSync(join(mod, 'package.json'), 'utf8')) as { version: string }).version;
  mkdirSync(dir);
  const file = `better-sqlite3-v${version}-node-v${process.versions.modules}-${process.platform}-${process.arch}.tar.gz`;
  run('tar', ['-czf', join(dir, file), '-C', mod, 'build/Release/better_sqlite3.node'], repoRoot);
  return version;
}

before(() => {
  work = mkdtempSync(join(tmpdir(), 'tessera-package-'));
  // --ignore-scripts: `npm test` built dist/ already (prepack would build it again under the running suite).
  packed = (JSON.parse(run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], repoRoot)) as (typeof packed)[])[0]!;
  const prebuilds = join(work, 'prebuilds');
  const sqliteVersion = localPrebuild(prebuilds);
  app = join(work, 'app');
  mkdirSync(app);
  // The prebuild matches this checkout's better-sqlite3 version; the rest resolves as it would for a user.
  writeFileSync(join(app, 'package.json'), JSON.stringify({ private: true, overrides: { 'better-sqlite3': sqliteVersion } }));
  run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', join(work, packed.filename)], app, {
    ...cleanEnv(),
    npm_config_better_sqlite3_local_prebuilds: prebuilds,
  });
});

after(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('npm pack', () => {
  test('the tarball carries the built command, the bundle and its data files; no TypeScript sources, no tests', () => {
    const files = packed.files.map((f) => f.path);
    for (const f of [
      'package.json', 'README.md', 'bin/tessera.js', 'dist/bundle/main.js', 'dist/bundle/testing.js', 'dist/bundle/testing.d.ts',
      'src/protocol/models/iam.json', 'src/protocol/models/sts.json', 'src/authz/catalog/s3.json',
      'src/services/iam/managed/AdministratorAccess.json', 'src/console/public/index.html',
    ]) {
      assert.ok(files.includes(f), `${f} is in the tarball`);
    }
    assert.deepEqual(files.filter((f) => /\.ts$/.test(f) && !f.endsWith('.d.ts')), []);
    assert.deepEqual(files.filter((f) => f.startsWith('test/') || f.startsWith('dist/src/') || f.startsWith('dist/test/')), []);
    assert.equal(packed.filename, `${NAME}-${(JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version}.tgz`);
  });

  test('installed: production dependencies only, and the `tessera` command', () => {
    const modules = readdirSync(join(app, 'node_modules'));
    assert.ok(modules.includes(NAME));
    for (const dev of ['typescript', 'esbuild', 'tsx', 'fast-check', 'playwright-core']) assert.ok(!modules.includes(dev), `${dev} is not installed`);
    assert.ok(existsSync(join(app, 'node_modules', '.bin', 'tessera')));
    assert.ok(!existsSync(join(app, 'node_modules', NAME, 'dist', 'src')));
  });
});

describe('the installed package', () => {
  test('`tessera serve` from another directory: listening, ready, and a signed GetCallerIdentity', async (t) => {
    const elsewhere = mkdtempSync(join(work, 'cwd-'));
    const root = { accessKeyId: 'AKIAPACKAGETEST00001', secretAccessKey: 'packageTestSecret/abcdefghijklmnopqrstuv' };
    const started = performance.now();
    const child = spawn(join(app, 'node_modules', '.bin', 'tessera'), ['serve', '--memory', '--port', '0', '--console-port', 'off'], {
      cwd: elsewhere,
      env: { ...process.env, TESSERA_ROOT_ACCESS_KEY_ID: root.accessKeyId, TESSERA_ROOT_SECRET_ACCESS_KEY: root.secretAccessKey },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    try {
      const endpoint = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no "listening" within 30 s:\n${out}`)), 30_000);
        child.stdout.on('data', () => {
          const m = /Tessera listening on (http:\/\/\S+)/.exec(out);
          if (m) {
            clearTimeout(timer);
            resolve(m[1]!);
          }
        });
        child.once('exit', (code) => {
          clearTimeout(timer);
          reject(new Error(`tessera serve exited with ${code}:\n${out}`));
        });
      });
      t.diagnostic(`spawn to "listening" (installed package, --memory): ${Math.round(performance.now() - started)} ms`);

      const ready = await fetch(`${endpoint}/_ready`);
      assert.equal(ready.status, 200);
      assert.equal((await ready.json() as { status: string }).status, 'ready');
      const health = await fetch(`${endpoint}/_health`);
      assert.equal(health.status, 200);

      const sts = new STSClient({ endpoint, region: 'us-east-1', credentials: root, maxAttempts: 1 });
      const who = await sts.send(new GetCallerIdentityCommand({}));
      assert.equal(who.Arn, 'arn:aws:iam::000000000000:root');
      assert.equal(who.Account, '000000000000');
      const forged = new STSClient({ endpoint, region: 'us-east-1', credentials: { ...root, secretAccessKey: `${root.secretAccessKey}x` }, maxAttempts: 1 });
      await rejects(forged.send(new GetCallerIdentityCommand({})), 'SignatureDoesNotMatch', 403);

      // --memory: nothing written where it was started.
      assert.deepEqual(readdirSync(elsewhere), []);
    } finally {
      if (child.exitCode === null) {
        const code = await new Promise<number | null>((resolve) => {
          child.once('exit', (c) => resolve(c));
          child.kill('SIGTERM');
        });
        assert.equal(code, 0, out);
      }
    }
  });

  test('`tessera-iam/testing`: a consumer\'s test imports startTessera and gets a working endpoint and root keys', () => {
    writeFileSync(join(app, 'consumer.mjs'), `
import { startTessera } from '${NAME}/testing';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
const tessera = await startTessera({ accountId: '210987654321' });
try {
  const sts = new STSClient({ endpoint: tessera.endpoint, region: tessera.region, credentials: tessera.credentials, maxAttempts: 1 });
  const who = await sts.send(new GetCallerIdentityCommand({}));
  let refused = '';
  try {
    await new STSClient({ endpoint: tessera.endpoint, region: tessera.region, credentials: { accessKeyId: 'AKIANOSUCHKEY0000000', secretAccessKey: 'x'.repeat(40) }, maxAttempts: 1 })
      .send(new GetCallerIdentityCommand({}));
  } catch (e) {
    refused = e.name + ' ' + e.$metadata.httpStatusCode;
  }
  const ready = (await fetch(tessera.endpoint + '/_ready')).status;
  console.log(JSON.stringify({ arn: who.Arn, keyId: tessera.credentials.accessKeyId, refused, ready, exit: await tessera.stop() }));
} finally {
  await tessera.stop();
}
`);
    const r = JSON.parse(run(process.execPath, ['consumer.mjs'], app)) as Record<string, unknown>;
    assert.equal(r.arn, 'arn:aws:iam::210987654321:root');
    assert.match(String(r.keyId), /^AKIA[A-Z2-7]{16}$/);
    assert.equal(r.refused, 'InvalidClientTokenId 403');
    assert.equal(r.ready, 200);
    assert.equal(r.exit, 0);
  });
});
