/**
 * The resource-based policy a check of a bucket or object carries: the bucket policy (as Block Public
 * Access's RestrictPublicBuckets leaves it) and, when the bucket's ACLs are enabled, the bucket's and the
 * object's ACL grants as statements (public grants dropped under IgnorePublicAcls). Pure.
 */
import type { S3BucketsTable } from '../../../store/schema-s3.js';
import { aclsEnabled } from '../ownership.js';
import { policyIsPublic, storedPublicAccessBlock } from '../publicAccess.js';
import { isPublicGrant, type Grant } from './model.js';
import { aclStatements } from './policy.js';
import { storedGrants } from './xml.js';

/** The object's owner and ACL, read for the checks of an object operation when the bucket's ACLs are enabled. */
export interface ObjectAclFacts {
  owner: string;
  acl: string | null;
}

type Statement = Record<string, unknown>;
const asList = (v: unknown): unknown[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/**
 * RestrictPublicBuckets: a public policy grants only to principals of the bucket owner's account (AWS:
 * "public and cross-account access within any public bucket policy ... is blocked"). Each Allow is limited
 * to that account with an aws:PrincipalAccount condition; denies are kept as they are.
 */
function restrictToAccount(statements: unknown[], account: string): unknown[] {
  const out: unknown[] = [];
  for (const s of statements) {
    if (!s || typeof s !== 'object' || (s as Statement).Effect !== 'Allow') {
      out.push(s);
      continue;
    }
    const st = { ...(s as Statement) };
    const cond = { ...((st.Condition as Record<string, Record<string, unknown>> | undefined) ?? {}) };
    const eq = { ...(cond.StringEquals ?? {}) };
    const existing = Object.keys(eq).find((k) => k.toLowerCase() === 'aws:principalaccount');
    if (existing !== undefined) {
      if (!asList(eq[existing]).includes(account)) continue;
      delete eq[existing];
    }
    eq['aws:PrincipalAccount'] = account;
    cond.StringEquals = eq;
    st.Condition = cond;
    out.push(st);
  }
  return out;
}

/**
 * A pure function of a stored text, kept for the last texts seen: every request to a bucket with a policy
 * reads its public access block and asks whether its policy is public. The text is the key, so a changed
 * setting is a new entry, never a stale answer.
 */
function byText<T>(f: (text: string) => T): (text: string) => T {
  const memo = new Map<string, T>();
  return (text) => {
    let v = memo.get(text);
    if (v === undefined) {
      v = f(text);
      if (memo.size >= 256) memo.clear();
      memo.set(text, v);
    }
    return v;
  };
}

// Read-only here (a copy is made before anything is changed).
const publicAccessBlockOf = byText(storedPublicAccessBlock);
const isPublicPolicy = byText(policyIsPublic);

/** The document to evaluate for a check of `bucket` (and of the object `object` of it), or null for none. */
export function resourcePolicyText(bucket: S3BucketsTable, policy: string | null, object: ObjectAclFacts | undefined): string | null {
  const acls = aclsEnabled(bucket);
  // The common case (no bucket policy, ACLs disabled) reads nothing more.
  if (policy === null && !acls) return null;
  const bpa = bucket.public_access_block ? publicAccessBlockOf(bucket.public_access_block) : null;
  const restrict = policy !== null && bpa?.RestrictPublicBuckets === true && isPublicPolicy(policy);
  if (!restrict && !acls) return policy;

  let doc: { Version: string; Statement: unknown[] } = { Version: '2012-10-17', Statement: [] };
  if (policy !== null) {
    try {
      const parsed = JSON.parse(policy) as Record<string, unknown>;
      doc = { ...parsed, Version: String(parsed.Version ?? '2012-10-17'), Statement: asList(parsed.Statement) };
    } catch {
      return policy;
    }
  }
  if (restrict) doc.Statement = restrictToAccount(doc.Statement, bucket.account_id);
  if (acls) {
    const keep = (gs: Grant[]) => (bpa?.IgnorePublicAcls ? gs.filter((g) => !isPublicGrant(g)) : gs);
    doc.Statement.push(...aclStatements(keep(storedGrants(bucket.acl, bucket.account_id)), 'bucket'));
    if (object) doc.Statement.push(...aclStatements(keep(storedGrants(object.acl, object.owner)), 'object'));
  }
  return doc.Statement.length > 0 ? JSON.stringify(doc) : null;
}
