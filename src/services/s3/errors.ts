/** S3's error codes, statuses and wording (from S3's error-code list). */
import { ServiceError } from '../../core/errors.js';
import { malformedXml } from '../../protocol/restxml/parse.js';

const e = (code: string, message: string, status: number, extra?: Record<string, string>) =>
  new ServiceError(code, message, status, extra ? { extra } : {});

export const S3Errors = {
  noSuchBucket: (bucket: string) => e('NoSuchBucket', 'The specified bucket does not exist', 404, { BucketName: bucket }),
  noSuchKeyOrDenied: () => e('AccessDenied', 'Access Denied', 403),
  noSuchKey: (key: string) => e('NoSuchKey', 'The specified key does not exist.', 404, { Key: key }),
  bucketAlreadyOwnedByYou: (bucket: string) =>
    e('BucketAlreadyOwnedByYou', 'Your previous request to create the named bucket succeeded and you already own it.', 409, { BucketName: bucket }),
  bucketAlreadyExists: (bucket: string) =>
    e(
      'BucketAlreadyExists',
      'The requested bucket name is not available. The bucket namespace is shared by all users of the system. Please select a different name and try again.',
      409,
      { BucketName: bucket },
    ),
  bucketNotEmpty: (bucket: string) => e('BucketNotEmpty', 'The bucket you tried to delete is not empty', 409, { BucketName: bucket }),
  invalidBucketName: (bucket: string) => e('InvalidBucketName', 'The specified bucket is not valid.', 400, { BucketName: bucket }),
  noSuchBucketPolicy: (bucket: string) => e('NoSuchBucketPolicy', 'The bucket policy does not exist', 404, { BucketName: bucket }),
  noSuchCorsConfiguration: (bucket: string) => e('NoSuchCORSConfiguration', 'The CORS configuration does not exist', 404, { BucketName: bucket }),
  malformedPolicy: (message: string) => e('MalformedPolicy', message, 400),
  noSuchUpload: (uploadId: string) =>
    e(
      'NoSuchUpload',
      'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.',
      404,
      { UploadId: uploadId },
    ),
  invalidPart: (partNumber: number, etag: string) =>
    e(
      'InvalidPart',
      "One or more of the specified parts could not be found.  The part may not have been uploaded, or the specified entity tag may not match the part's entity tag.",
      400,
      { PartNumber: String(partNumber), ETag: etag },
    ),
  invalidPartOrder: () => e('InvalidPartOrder', 'The list of parts was not in ascending order. Parts must be ordered by part number.', 400),
  entityTooSmall: (size: number) =>
    e('EntityTooSmall', 'Your proposed upload is smaller than the minimum allowed object size.', 400, {
      ProposedSize: String(size),
      MinSizeAllowed: String(5 * 1024 * 1024),
    }),
  entityTooLarge: (size: number, max: number) =>
    e('EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size', 400, { ProposedSize: String(size), MaxSizeAllowed: String(max) }),
  badDigest: (what = 'Content-MD5') => e('BadDigest', `The ${what} you specified did not match the calculated checksum.`, 400),
  badContentMd5: () => e('BadDigest', 'The Content-MD5 you specified did not match what we received.', 400),
  invalidDigest: () => e('InvalidDigest', 'The Content-MD5 you specified is not valid.', 400),
  invalidChecksum: (algorithm: string) => e('InvalidRequest', `Value for x-amz-checksum-${algorithm.toLowerCase()} header is invalid.`, 400),
  invalidRange: (size: number, range: string) =>
    e('InvalidRange', 'The requested range is not satisfiable', 416, { RangeRequested: range, ActualObjectSize: String(size) }),
  preconditionFailed: (condition: string) =>
    e('PreconditionFailed', 'At least one of the pre-conditions you specified did not hold', 412, { Condition: condition }),
  notModified: () => e('NotModified', 'Not Modified', 304),
  methodNotAllowed: (method: string, resourceType: string) =>
    e('MethodNotAllowed', 'The specified method is not allowed against this resource.', 405, { Method: method, ResourceType: resourceType }),
  notImplemented: (message = 'A header you provided implies functionality that is not implemented') => e('NotImplemented', message, 501),
  invalidArgument: (message: string, name?: string, value?: string) =>
    e('InvalidArgument', message, 400, name !== undefined ? { ArgumentName: name, ArgumentValue: value ?? '' } : undefined),
  invalidRequest: (message: string) => e('InvalidRequest', message, 400),
  missingContentLength: () => e('MissingContentLength', 'You must provide the Content-Length HTTP header.', 411),
  metadataTooLarge: (size: number) =>
    e('MetadataTooLarge', 'Your metadata headers exceed the maximum allowed metadata size.', 400, { Size: String(size), MaxSizeAllowed: '2048' }),
  keyTooLong: (size: number) =>
    e('KeyTooLongError', 'Your key is too long', 400, { Size: String(size), MaxSizeAllowed: '1024' }),
  invalidLocationConstraint: (lc: string) =>
    e('InvalidLocationConstraint', 'The specified location-constraint is not valid', 400, { LocationConstraint: lc }),
  malformedXml,
  noSuchVersion: (key: string, versionId: string) =>
    e('NoSuchVersion', 'The specified version does not exist.', 404, { Key: key, VersionId: versionId }),
  invalidVersionId: (versionId: string) => e('InvalidArgument', 'Invalid version id specified', 400, { ArgumentName: 'versionId', ArgumentValue: versionId }),
  invalidTag: (message: string) => e('InvalidTag', message, 400),
  noSuchTagSet: (bucket: string) => e('NoSuchTagSet', 'The TagSet does not exist', 404, { BucketName: bucket }),
  illegalVersioningConfiguration: () =>
    e('IllegalVersioningConfigurationException', 'The Versioning element must be specified', 400),
  incompleteBody: () => e('IncompleteBody', 'You did not provide the number of bytes specified by the Content-Length HTTP header', 400),
};
