/**
 * rclone and s3cmd (Debian packages) copy a directory tree up to Tessera and back, byte-identical. Their
 * configuration is part of the test: path-style, the server's endpoint, the root's keys.
 * rclone runs without AWS_CA_BUNDLE (set machine-wide, it points rclone at a CA it does not need here).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
let work: string;
let tree: string;

function makeTree(dir: string) {
  const files: Record<string, Buffer> = {
    'top.txt': Buffer.from('top level\n'),
    'empty.bin': Buffer.alloc(0),
    'a/b/c/deep.txt': Buffer.from('deep\n'),
    'a/space name.txt': Buffer.from('spaces\n'),
    'a/ünïcödé.txt': Buffer.from('unicode\n'),
    'a/plus+and&amp.txt': Buffer.from('punctuation\n'),
    'media/random-3m.bin': randomBytes(3 * 1024 * 1024 + 17),
    'media/random-40m.bin': randomBytes(40 * 1024 * 1024 + 5),
  };
  for (const [p, b] of Object.entries(files)) {
    mkdirSync(join(dir, p, '..'), { recursive: true });
    writeFileSync(join(dir, p), b);
  }
}

function digestTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const n of readdirSync(d)) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else out[relative(dir, p)] = createHash('sha256').update(readFileSync(p)).digest('hex');
    }
  };
  walk(dir);
  return out;
}

before(async () => {
  server = await startServer();
  work = mkdtempSync(join(tmpdir(), 'tessera-s3-tools-'));
  tree = join(work, 'tree');
  makeTree(tree);
});
after(async () => {
  await server?.stop();
  rmSync(work, { recursive: true, force: true });
});

const have = (bin: string) => spawnSync('sh', ['-c', `command -v ${bin}`]).status === 0;

describe('rclone', { skip: !have('rclone') && 'rclone is not installed (apt-get install -y rclone)' }, () => {
  test('copy a tree up and back byte-identical; rclone check agrees', () => {
    const conf = join(work, 'rclone.conf');
    writeFileSync(
      conf,
      [
        '[tessera]',
        'type = s3',
        'provider = Other',
        `access_key_id = ${server.root.accessKeyId}`,
        `secret_access_key = ${server.root.secretAccessKey}`,
        `endpoint = ${server.url}`,
        'region = us-east-1',
        'force_path_style = true',
        'upload_cutoff = 8M',
        'chunk_size = 5M',
        '',
      ].join('\n'),
    );
    const env = { ...process.env };
    delete env.AWS_CA_BUNDLE;
    const rclone = (...args: string[]) => {
      const r = spawnSync('rclone', ['--config', conf, '--retries', '1', '--low-level-retries', '1', ...args], { env, encoding: 'utf8', timeout: 180_000 });
      assert.equal(r.status, 0, `rclone ${args.join(' ')}\n${r.stderr}`);
      return r.stdout;
    };
    rclone('mkdir', 'tessera:rclone-bucket');
    rclone('copy', tree, 'tessera:rclone-bucket/tree');
    rclone('check', tree, 'tessera:rclone-bucket/tree');
    const listed = rclone('lsf', '-R', '--files-only', 'tessera:rclone-bucket/tree').trim().split('\n').sort();
    assert.deepEqual(listed, Object.keys(digestTree(tree)).sort());
    const back = join(work, 'rclone-back');
    rclone('copy', 'tessera:rclone-bucket/tree', back);
    assert.deepEqual(digestTree(back), digestTree(tree));
    rclone('purge', 'tessera:rclone-bucket');
  });
});

describe('s3cmd', { skip: !have('s3cmd') && 's3cmd is not installed (apt-get install -y s3cmd)' }, () => {
  test('put a tree up (recursive, multipart) and get it back byte-identical', () => {
    const host = new URL(server.url).host;
    const conf = join(work, 's3cfg');
    writeFileSync(
      conf,
      [
        '[default]',
        `access_key = ${server.root.accessKeyId}`,
        `secret_key = ${server.root.secretAccessKey}`,
        `host_base = ${host}`,
        `host_bucket = ${host}`,
        'use_https = False',
        'signature_v2 = False',
        'bucket_location = us-east-1',
        'multipart_chunk_size_mb = 5',
        '',
      ].join('\n'),
    );
    const s3cmd = (...args: string[]) => {
      const r = spawnSync('s3cmd', ['-c', conf, ...args], { encoding: 'utf8', timeout: 180_000 });
      assert.equal(r.status, 0, `s3cmd ${args.join(' ')}\n${r.stderr}\n${r.stdout}`);
      return r.stdout;
    };
    s3cmd('mb', 's3://s3cmd-bucket');
    s3cmd('put', '--recursive', tree + '/', 's3://s3cmd-bucket/tree/');
    const ls = s3cmd('ls', '--recursive', 's3://s3cmd-bucket/tree/');
    assert.equal(ls.trim().split('\n').length, Object.keys(digestTree(tree)).length);
    const back = join(work, 's3cmd-back');
    mkdirSync(back);
    s3cmd('get', '--recursive', 's3://s3cmd-bucket/tree/', back + '/');
    assert.deepEqual(digestTree(back), digestTree(tree));
    s3cmd('sync', tree + '/', 's3://s3cmd-bucket/synced/');
    // SigV2 header authentication (s3cmd --signature-v2).
    s3cmd('--signature-v2', 'put', join(tree, 'top.txt'), 's3://s3cmd-bucket/v2/top.txt');
    const v2back = join(work, 'v2-top.txt');
    s3cmd('--signature-v2', 'get', 's3://s3cmd-bucket/v2/top.txt', v2back);
    assert.equal(readFileSync(v2back, 'utf8'), 'top level\n');
    assert.match(s3cmd('--signature-v2', 'ls', 's3://s3cmd-bucket/v2/'), /v2\/top\.txt/);
    s3cmd('del', '--recursive', '--force', 's3://s3cmd-bucket/');
    s3cmd('rb', 's3://s3cmd-bucket');
  });
});
