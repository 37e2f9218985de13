/**
 * The parts of a POST upload's form that become the object and the answer (PostObject.ts): the key (with
 * ${filename}), the stored headers and metadata, the canned ACL, the tags, what Tessera refuses (encryption, object lock fields), and the
 * success answer (success_action_redirect, success_action_status). Pure: no I/O.
 */
import { xmlDocument } from '../../protocol/restxml/encode.js';
import { ServiceError } from '../../core/errors.js';
import { validateKey } from './names.js';
import { MAX_OBJECT_TAGS, parseTaggingXml } from './tagging.js';
import { quoted, storedHeadersFrom } from './objects.js';
import { formKey, type FormFields } from './postForm.js';
import { missingField } from './postAuth.js';
import { decodeWriteAcl } from './acl/apply.js';
import type { S3Result } from './operation.js';

export interface PostAnswer {
  redirect?: string;
  status: 200 | 201 | 204;
}

const SSE_METHODS = new Set(['AES256', 'aws:kms', 'aws:kms:dsse']);

export function postObjectInput(fields: FormFields) {
  const v = fields.values;
  const key = formKey(fields);
  if (key === undefined) throw missingField('key');
  validateKey(key);
  for (const [name, value] of v) {
    if (!name.startsWith('x-amz-server-side-encryption')) continue;
    if (name === 'x-amz-server-side-encryption' && !SSE_METHODS.has(value)) {
      throw new ServiceError('InvalidArgument', 'The encryption method specified is not supported', 400, { extra: { ArgumentName: name, ArgumentValue: value } });
    }
    throw new ServiceError('NotImplemented', 'A header you provided implies functionality that is not implemented', 501, { extra: { Header: name } });
  }
  // A lock asked for in the form is not applied (the bucket's default retention is): refused, never silently dropped.
  const lockField = [...v.keys()].find((n) => n.startsWith('x-amz-object-lock-'));
  if (lockField) throw new ServiceError('NotImplemented', 'A header you provided implies functionality that is not implemented', 501, { extra: { Header: lockField } });
  const header = (n: string) => (n === 'content-type' ? (v.get(n) ?? fields.file.contentType) : v.get(n));
  const stored = storedHeadersFrom(header, fields.raw.flat());
  // The `acl` field is PutObject's x-amz-acl: the bucket's Object Ownership decides (acl/apply.ts).
  const acl = (n: string) => (n === 'x-amz-acl' ? v.get('acl') : undefined);
  // The `tagging` field is a <Tagging> document (PutObject's x-amz-tagging is the query form).
  const tagging = v.get('tagging');
  const tags = tagging === undefined ? undefined : parseTaggingXml(tagging, MAX_OBJECT_TAGS, 'Object');
  return { key, ...stored, tags, writeAcl: decodeWriteAcl(acl), answer: answerOf(v) };
}

function answerOf(v: Map<string, string>): PostAnswer {
  const s = v.get('success_action_status');
  const status = s === '200' ? 200 : s === '201' ? 201 : 204;
  const redirect = v.get('success_action_redirect') ?? v.get('redirect');
  if (redirect !== undefined) {
    try {
      const u = new URL(redirect);
      if (u.protocol === 'http:' || u.protocol === 'https:') return { redirect: u.toString(), status };
    } catch {
      // Not a URL: S3 answers as without a redirect.
    }
  }
  return { status };
}

/** The success answer: 303 to the redirect, or the status asked for (201 with the PostResponse document). */
export function postAnswer(a: PostAnswer, bucket: string, key: string, etag: string, location: string): S3Result {
  if (a.redirect) {
    const u = new URL(a.redirect);
    u.searchParams.append('bucket', bucket);
    u.searchParams.append('key', key);
    u.searchParams.append('etag', quoted(etag));
    return { status: 303, headers: { Location: u.toString(), ETag: quoted(etag) } };
  }
  const headers = { ETag: quoted(etag), Location: location };
  if (a.status !== 201) return { status: a.status, headers };
  return {
    status: 201,
    headers,
    xml: xmlDocument('PostResponse', [['Location', location], ['Bucket', bucket], ['Key', key], ['ETag', quoted(etag)]], null),
  };
}
