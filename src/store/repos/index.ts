/**
 * The store's one interface for the services: a repository per aggregate, each an interface with its
 * queries behind it. Services read and write through `store.repos` (or `store.transaction(repos => ...)`
 * for several writes that commit together) and never see SQL or the query builder; every query of the
 * product lives in this folder. Each repository runs in the one conformance suite on SQLite and PostgreSQL
 * (store/conformance.test.ts).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import { accessKeysRepo, type AccessKeysRepo } from './accessKeys.js';
import { accountsRepo, type AccountsRepo } from './accounts.js';
import { entitiesRepo, type EntitiesRepo } from './iamEntities.js';
import { policiesRepo, type PoliciesRepo } from './iamPolicies.js';
import { bucketsRepo, type BucketsRepo } from './s3Buckets.js';
import { objectsRepo, type ObjectsRepo } from './s3Objects.js';
import { uploadsRepo, type UploadsRepo } from './s3Uploads.js';
import { throttlesRepo, type ThrottlesRepo } from './throttles.js';

/** A database handle or an open transaction: repositories work the same over either. */
export type Executor = Kysely<Database>;

export interface Repos {
  // Accounts and credentials.
  accounts: AccountsRepo;
  accessKeys: AccessKeysRepo;
  throttles: ThrottlesRepo;

  // IAM.
  entities: EntitiesRepo;
  policies: PoliciesRepo;

  // STS, federation and sign-in.

  // S3.
  buckets: BucketsRepo;
  objects: ObjectsRepo;
  uploads: UploadsRepo;
}

export function reposOver(db: Executor): Repos {
  return {
    accounts: accountsRepo(db),
    accessKeys: accessKeysRepo(db),
    throttles: throttlesRepo(db),

    // IAM.
    entities: entitiesRepo(db),
    policies: policiesRepo(db),

    // STS, federation and sign-in.

    // S3.
    buckets: bucketsRepo(db),
    objects: objectsRepo(db),
    uploads: uploadsRepo(db),
  };
}
