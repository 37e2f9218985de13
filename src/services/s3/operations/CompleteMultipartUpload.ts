import { xmlDocument, type XmlChildren } from '../../../protocol/restxml/encode.js';
import { listOf, malformedXml, parseXmlDocument, textOf } from '../../../protocol/restxml/parse.js';
import { CHECKSUM_ALGORITHMS, checksumHeader, type ChecksumAlgorithm } from '../checksums.js';
import { S3Errors } from '../errors.js';
import { MIN_PART_SIZE, multipartChecksum, multipartEtag, REPEAT_WINDOW_MS } from '../multipart.js';
import { parseBlobs, quoted, writePrecondition } from '../objects.js';
import { defineS3Operation } from '../operation.js';
import { loadBucket, s3Check } from '../resources.js';
import { encryptionHeaders, readCustomerKey, sealedRead } from '../sse.js';
import { versionHeader, writeVersionId } from '../versions.js';

/**
 * POST /bucket/key?uploadId=X (s3:PutObject): the listed parts, in ascending order, each as uploaded
 * (ETag), all but the last at least 5 MiB, become the object in one transaction. Its bytes stay in the
 * parts' blobs (no copy); parts not listed are removed. Completing it again with the same parts, while the
 * object it made is unchanged, answers the same result again (a retried request), for 15 minutes, on any node
 * sharing the store: the answer is kept in the completing transaction (s3_completed_uploads; the lifecycle
 * sweep removes answers past the window, and one not yet removed is never given).
 * If-None-Match: * / If-Match: etag are checked against the key's object in the completing transaction.
 */

export const CompleteMultipartUpload = defineS3Operation({
  name: 'CompleteMultipartUpload',
  route: { method: 'POST', target: 'object', query: ['uploadId'] },
  async decode(req) {
    const uploadId = req.query.get('uploadId')!;
    const doc = parseXmlDocument((await req.body.readAll(4 * 1024 * 1024, { objectChecksumHeaders: true })).toString('utf8'), 'CompleteMultipartUpload');
    const parts = listOf(doc, 'Part').map((p) => {
      const n = textOf(p, 'PartNumber')?.trim();
      const etag = textOf(p, 'ETag')?.trim();
      if (n === undefined || !/^\d+$/.test(n) || etag === undefined) throw malformedXml();
      const checksums: Record<string, string> = {};
      for (const a of ['CRC32', 'CRC32C', 'CRC64NVME', 'SHA1', 'SHA256']) {
        const v = textOf(p, `Checksum${a}`)?.trim();
        if (v !== undefined) checksums[a] = v;
      }
      return { partNumber: Number(n), etag: etag.replace(/^"|"$/g, ''), checksums };
    });
    if (parts.length === 0) throw malformedXml();
    const sent = CHECKSUM_ALGORITHMS.map((a) => [a, req.header(checksumHeader(a))] as const).find(([, v]) => v !== undefined);
    // An SSE-C upload's key: needed to read its parts back for a FULL_OBJECT checksum (as AWS requires it then).
    const customer = readCustomerKey(req);
    const precondition = writePrecondition(req.header);
    return { bucket: req.bucket, key: req.key, uploadId, parts, sentChecksum: sent as readonly [ChecksumAlgorithm, string] | undefined, customer, precondition };
  },
  prepare: (input, ctx) => loadBucket(ctx, input.bucket),
  checks: (input, _ctx, b) => [s3Check('s3:PutObject', b, input.key)],
  async handle(input, ctx, b) {
    const uploads = ctx.deps.store.repos.uploads;
    const up = await ctx.deps.store.repos.uploads.get(input.uploadId);
    if (!up || up.bucket !== input.bucket || up.key !== input.key) {
      // Completed already: the same answer again while the object it made is still there.
      const again = await uploads.completed(input.uploadId);
      const fresh = again && ctx.deps.clock.now() - again.completed_at <= REPEAT_WINDOW_MS && again.bucket === input.bucket && again.key === input.key;
      const current = fresh ? await ctx.deps.store.repos.objects.get(input.bucket, input.key) : undefined;
      if (again && current?.etag === again.etag && multipartEtag(input.parts.map((p) => p.etag)) === again.etag) {
        const answer = JSON.parse(again.answer) as { headers: Record<string, string>; xml: string };
        return { headers: answer.headers, xml: answer.xml };
      }
      throw S3Errors.noSuchUpload(input.uploadId);
    }
    const stored = new Map((await uploads.listParts(input.uploadId)).map((p) => [p.part_number, p]));
    let prev = 0;
    for (const p of input.parts) {
      if (p.partNumber <= prev) throw S3Errors.invalidPartOrder();
      prev = p.partNumber;
    }
    const chosen = [];
    for (const [i, p] of input.parts.entries()) {
      const s = stored.get(p.partNumber);
      if (!s || s.etag !== p.etag) throw S3Errors.invalidPart(p.partNumber, p.etag);
      const algorithm = up.checksum_algorithm as ChecksumAlgorithm | null;
      if (algorithm && p.checksums[algorithm] !== undefined && p.checksums[algorithm] !== s.checksum_value) throw S3Errors.invalidPart(p.partNumber, p.etag);
      if (i < input.parts.length - 1 && Number(s.size) < MIN_PART_SIZE) throw S3Errors.entityTooSmall(Number(s.size));
      chosen.push(s);
    }
    const etag = multipartEtag(chosen.map((p) => p.etag));
    const algorithm = up.checksum_algorithm as ChecksumAlgorithm | null;
    const checksum = await multipartChecksum(ctx.blobs, up, chosen, () => sealedRead(ctx.deps.keyring, up.headers, input.customer));
    // A checksum sent with the request is the client's expectation of the object's (composite or full).
    if (input.sentChecksum && (input.sentChecksum[0] !== algorithm || input.sentChecksum[1] !== checksum)) throw S3Errors.badDigest(input.sentChecksum[0]);
    const size = chosen.reduce((n, p) => n + Number(p.size), 0);
    const versionId = writeVersionId(b);
    const body: XmlChildren = [
      ['Location', `/${input.bucket}/${input.key}`],
      ['Bucket', input.bucket],
      ['Key', input.key],
      ['ETag', quoted(etag)],
    ];
    const headers: Record<string, string> = { ...encryptionHeaders(up.headers), ...versionHeader(b, versionId) };
    if (checksum && algorithm) {
      const type = checksum.includes('-') ? 'COMPOSITE' : 'FULL_OBJECT';
      body.push([`Checksum${algorithm}`, checksum], ['ChecksumType', type]);
      headers[checksumHeader(algorithm)] = checksum;
      headers['x-amz-checksum-type'] = type;
    }
    const xml = xmlDocument('CompleteMultipartUploadResult', body);
    const now = ctx.deps.clock.now();
    const r = await uploads.complete(input.uploadId, {
      bucket: input.bucket,
      key: input.key,
      // Each part's checksum stays with it (GetObjectAttributes' ObjectParts, GetObject ?partNumber).
      blobs: JSON.stringify(chosen.map((p) => ({ id: p.blob_id, size: Number(p.size), ...(algorithm && p.checksum_value ? { checksum: p.checksum_value } : {}) }))),
      size,
      etag,
      last_modified: now,
      content_type: up.content_type,
      headers: up.headers,
      checksum_algorithm: checksum ? algorithm : null,
      checksum_value: checksum,
      parts_count: chosen.length,
      owner_account: up.owner_account,
      acl: up.acl ?? null,
      version_id: versionId,
      delete_marker: 0,
      tags: up.tags,
      object_lock: up.object_lock ?? null,
    }, input.precondition, { answer: JSON.stringify({ headers, xml }), completedAt: now });
    if (!r) throw S3Errors.noSuchUpload(input.uploadId);
    const used = new Set(chosen.map((p) => p.blob_id));
    await ctx.blobs.remove(r.parts.filter((p) => !used.has(p.blob_id)).map((p) => p.blob_id));
    if (r.old) await ctx.blobs.remove(parseBlobs(r.old).map((ref) => ref.id).filter((id) => !used.has(id)));
    return { headers, xml };
  },
});
