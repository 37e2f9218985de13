/**
 * The ONE object-store conformance suite (objectStore.case.ts), run against every ObjectStore: the file
 * store in a temporary directory, and the s3:// store on a real Ceph (test/helpers/ceph.ts starts one with
 * scripts/ceph-up.sh when .ci/run has not; without Ceph this suite fails, it never skips).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe } from 'node:test';
import { ceph, cephBucket } from '../../../test/helpers/ceph.js';
import { openStore } from '../open.js';
import type { Store } from '../store.js';
import { FileObjectStore } from './fileStore.js';
import { objectStoreCases, type ObjectStoreEnv } from './objectStore.case.js';
import type { ObjectStore } from './objectStore.js';
import { S3ObjectStore } from './s3/objectStore.js';

const stores: Array<{ name: string; make: () => Promise<{ objects: ObjectStore; cleanup: () => Promise<void> }> }> = [
  {
    name: 'file',
    async make() {
      const dir = mkdtempSync(join(tmpdir(), 'tessera-objects-'));
      return { objects: new FileObjectStore(dir), cleanup: async () => rmSync(dir, { recursive: true, force: true }) };
    },
  },
  {
    name: 's3 (Ceph)',
    async make() {
      const c = ceph();
      const bucket = cephBucket('conformance');
      const objects = new S3ObjectStore({ protocol: 'http', host: c.host, port: c.port, region: 'us-east-1', accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey }, bucket);
      return {
        objects,
        async cleanup() {
          for await (const b of objects.list()) await objects.delete(b.id);
          const res = await objects.client.send({ method: 'DELETE', path: `/${bucket}`, accept: [404, 409] });
          res.resume();
          objects.close();
        },
      };
    },
  },
];

for (const s of stores) {
  describe(`object store conformance: ${s.name}`, () => {
    let env: ObjectStoreEnv;
    let cleanup: () => Promise<void>;
    let store: Store;
    before(async () => {
      store = await openStore({ memory: true });
      const made = await s.make();
      cleanup = made.cleanup;
      await made.objects.init();
      env = { name: s.name, objects: made.objects, store };
    });
    after(async () => {
      await cleanup?.();
      await store?.close();
    });
    objectStoreCases(() => env);
  });
}
