import { sql, type Kysely } from 'kysely';

/**
 * S3 ACLs, Object Ownership and Block Public Access: the bucket's ownership setting (null: no ownership
 * controls, which behaves as ObjectWriter), its public access block (JSON, null: none) and its ACL grants
 * (JSON, null: the owner's FULL_CONTROL); an object's and a multipart upload's ACL grants. Buckets that
 * exist already keep what they had: ACLs disabled (BucketOwnerEnforced), no public access block.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('s3_buckets').addColumn('object_ownership', 'text').execute();
  await db.schema.alterTable('s3_buckets').addColumn('public_access_block', 'text').execute();
  await db.schema.alterTable('s3_buckets').addColumn('acl', 'text').execute();
  await db.schema.alterTable('s3_objects').addColumn('acl', 'text').execute();
  await db.schema.alterTable('s3_uploads').addColumn('acl', 'text').execute();
  await sql`update s3_buckets set object_ownership = 'BucketOwnerEnforced'`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('s3_uploads').dropColumn('acl').execute();
  await db.schema.alterTable('s3_objects').dropColumn('acl').execute();
  await db.schema.alterTable('s3_buckets').dropColumn('acl').execute();
  await db.schema.alterTable('s3_buckets').dropColumn('public_access_block').execute();
  await db.schema.alterTable('s3_buckets').dropColumn('object_ownership').execute();
}
