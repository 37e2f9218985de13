/**
 * A real Ceph (radosgw) for the s3:// object store's tests. Under `.ci/run` the cluster is already up and
 * its endpoint and keys are in TESSERA_CEPH_ENDPOINT / TESSERA_CEPH_ACCESS_KEY_ID /
 * TESSERA_CEPH_SECRET_ACCESS_KEY. Without them, the project's own scripts/ceph-up.sh starts one (in
 * $TMPDIR/tessera-ceph-<uid>, shared by the test files of a run and reused by later runs; stop it with
 * scripts/ceph-down.sh DIR). When neither works (Ceph's packages missing), the tests FAIL: they never skip.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { repoRoot } from './server.js';

export interface Ceph {
  endpoint: string;
  host: string;
  port: number;
  accessKeyId: string;
  secretAccessKey: string;
}

let cached: Ceph | undefined;

export function ceph(): Ceph {
  if (cached) return cached;
  let env: Record<string, string | undefined> = process.env;
  if (!env.TESSERA_CEPH_ENDPOINT) {
    const dir = join(tmpdir(), `tessera-ceph-${userInfo().uid}`);
    let out: string;
    try {
      out = execFileSync('bash', [join(repoRoot, 'scripts', 'ceph-up.sh'), dir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 300_000 });
    } catch (e) {
      const err = e as { stderr?: string; message: string };
      throw new Error(`no Ceph for the s3:// object store tests: scripts/ceph-up.sh failed (run .ci/run, or install ceph-mon ceph-osd radosgw ceph-common python3-rados uuid-runtime):\n${err.stderr ?? err.message}`);
    }
    env = {};
    for (const m of out.matchAll(/^export (\w+)='?([^'\n]*)'?$/gm)) env[m[1]!] = m[2]!;
  }
  const endpoint = env.TESSERA_CEPH_ENDPOINT!;
  const u = new URL(endpoint);
  cached = {
    endpoint,
    host: u.hostname,
    port: Number(u.port),
    accessKeyId: env.TESSERA_CEPH_ACCESS_KEY_ID!,
    secretAccessKey: env.TESSERA_CEPH_SECRET_ACCESS_KEY!,
  };
  if (!cached.accessKeyId || !cached.secretAccessKey || !cached.port) throw new Error('TESSERA_CEPH_ENDPOINT is set without its keys');
  return cached;
}

/** A bucket name of its own for one test file. */
export const cephBucket = (what: string) => `tessera-${what}-${randomBytes(4).toString('hex')}`;

/** The flags and environment that make a Tessera server keep its object bytes in `bucket` on Ceph. */
export function cephObjectStore(c: Ceph, bucket: string): { args: string[]; env: Record<string, string> } {
  return {
    args: ['--object-store', `s3://${c.host}:${c.port}/${bucket}`],
    env: { TESSERA_OBJECT_STORE_ACCESS_KEY_ID: c.accessKeyId, TESSERA_OBJECT_STORE_SECRET_ACCESS_KEY: c.secretAccessKey },
  };
}

/** An AWS SDK client straight to Ceph (to look at what Tessera stored there). */
export function cephSdk(c: Ceph): S3Client {
  return new S3Client({
    endpoint: c.endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey },
    // Ceph 16.2 refuses the aws-chunked bodies with trailing checksums newer SDKs send by default.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}
