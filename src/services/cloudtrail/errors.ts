/** CloudTrail's own errors (its model's exception shapes), as AWS words them. */
import { ServiceError } from '../../core/errors.js';

export const CloudTrailErrors = {
  invalidLookupAttributes: (message: string) => new ServiceError('InvalidLookupAttributesException', message, 400),
  invalidTimeRange: () => new ServiceError('InvalidTimeRangeException', 'Start time must be before end time.', 400),
  invalidMaxResults: () => new ServiceError('InvalidMaxResultsException', 'Value for MaxResults must be between 1 and 50.', 400),
  invalidNextToken: () => new ServiceError('InvalidNextTokenException', 'Invalid NextToken.', 400),
  invalidEventCategory: () => new ServiceError('InvalidEventCategoryException', 'Event category insight is not supported: Tessera has no Insights events.', 400),
  trailNotFound: (name: string, accountId: string, region: string) =>
    new ServiceError('TrailNotFoundException', `Unknown trail: ${name} for the user: ${accountId}`, 400, { extra: { region } }),
  trailAlreadyExists: (name: string, accountId: string) => new ServiceError('TrailAlreadyExistsException', `Trail ${name} already exists for customer: ${accountId}`, 400),
  invalidTrailName: (message: string) => new ServiceError('InvalidTrailNameException', message, 400),
  bucketDoesNotExist: (bucket: string) => new ServiceError('S3BucketDoesNotExistException', `S3 bucket ${bucket} does not exist.`, 400),
  insufficientBucketPolicy: (bucket: string) => new ServiceError('InsufficientS3BucketPolicyException', `Incorrect S3 bucket policy is detected for bucket: ${bucket}`, 400),
  invalidEventSelectors: (message: string) => new ServiceError('InvalidEventSelectorsException', message, 400),
  invalidS3Prefix: (message: string) => new ServiceError('InvalidS3PrefixException', message, 400),
};
