import { xmlDocument, type XmlChildren } from '../../../protocol/restxml/encode.js';
import { listOf, malformedXml, parseXmlDocument, textOf } from '../../../protocol/restxml/parse.js';
import { checksumHeader, compositeChecksum, type ChecksumAlgorithm } from '../checksums.js';
import { S3Errors } from '../errors.js';
import { loadUpload, MIN_PART_SIZE, multipartEtag } from '../multipart.js';
import { parseBlobs, quoted } from '../objects.js';
import { defineS3Operation } from '../operation.js';
import { loadBucket, s3Check } from '../resources.js';
import { encryptionHeaders } from '../sse.js';

/**
 * POST /bucket/key?uploadId=X (s3:PutObject): the listed parts, in ascending order, each as uploaded
 * (ETag), all but the last at least 5 MiB, become the object in one transaction. Its bytes stay in the
 * parts' blobs (no copy); parts not listed are removed.
 */
export const CompleteMultipartUpload = defineS3Operation({
  name: 'CompleteMultipartUpload',
  route: { method: 'POST', target: 'object', query: ['uploadId'] },
  async decode(req) {
    const uploadId = req.query.get('uploadId')!;
    const doc = parseXmlDocument((await req.body.readAll(4 * 1024 * 1024)).toString('utf8'), 'CompleteMultipartUpload');
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
    return { bucket: req.bucket, key: req.key, uploadId, parts };
  },
  prepare: (input, ctx) => loadBucket(ctx, input.bucket),
  checks: (input, _ctx, b) => [s3Check('s3:PutObject', b, input.key)],
  async handle(input, ctx) {
    const uploads = ctx.deps.store.repos.uploads;
    const up = await loadUpload(ctx, input.bucket, input.key, input.uploadId);
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
    // CRC64NVME objects carry a full-object checksum in S3 (not a composite); Tessera stores none for them.
    const checksum =
      algorithm && algorithm !== 'CRC64NVME' && chosen.every((p) => p.checksum_value)
        ? compositeChecksum(algorithm, chosen.map((p) => p.checksum_value!))
        : null;
    const size = chosen.reduce((n, p) => n + Number(p.size), 0);
    const r = await uploads.complete(input.uploadId, {
      bucket: input.bucket,
      key: input.key,
      blobs: JSON.stringify(chosen.map((p) => ({ id: p.blob_id, size: Number(p.size) }))),
      size,
      etag,
      last_modified: ctx.deps.clock.now(),
      content_type: up.content_type,
      headers: up.headers,
      checksum_algorithm: checksum ? algorithm : null,
      checksum_value: checksum,
      parts_count: chosen.length,
      owner_account: up.owner_account,
      acl: up.acl ?? null,
    });
    if (!r) throw S3Errors.noSuchUpload(input.uploadId);
    const used = new Set(chosen.map((p) => p.blob_id));
    await ctx.blobs.remove(r.parts.filter((p) => !used.has(p.blob_id)).map((p) => p.blob_id));
    if (r.old) await ctx.blobs.remove(parseBlobs(r.old).map((b) => b.id).filter((id) => !used.has(id)));
    const body: XmlChildren = [
      ['Location', `/${input.bucket}/${input.key}`],
      ['Bucket', input.bucket],
      ['Key', input.key],
      ['ETag', quoted(etag)],
    ];
    const headers: Record<string, string> = encryptionHeaders(up.headers);
    if (checksum && algorithm) {
      body.push([`Checksum${algorithm}`, checksum], ['ChecksumType', 'COMPOSITE']);
      headers[checksumHeader(algorithm)] = checksum;
    }
    return { headers, xml: xmlDocument('CompleteMultipartUploadResult', body) };
  },
});
