/**
 * Thrown by parsePolicy for a document AWS would refuse with MalformedPolicyDocument.
 * `message` is AWS's wording for that refusal.
 */
export class PolicyValidationError extends Error {
  readonly code = 'MalformedPolicyDocument';
  /**
   * The element at fault when it is a principal or a resource (S3 answers those with its own
   * wording: "Invalid principal in policy", "Policy has invalid resource").
   */
  readonly element: 'Principal' | 'Resource' | undefined;
  constructor(message: string, element?: 'Principal' | 'Resource') {
    super(message);
    this.element = element;
    this.name = 'PolicyValidationError';
  }
}

export const Messages = {
  syntax: 'Syntax errors in policy.',
  legacy: 'The policy failed legacy parsing',
  version: 'Policy document must be version 2012-10-17 or greater.',
  prohibited: (field: string) => `Has prohibited field ${field}`,
  missing: (field: string) => `Missing required field ${field}`,
  actions: 'Policy statement must contain actions.',
  resources: 'Policy statement must contain resources.',
  sidUnique: 'Statement IDs (SID) in a single policy must be unique.',
  sidAlnum:
    'Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the regular expression [0-9A-Za-z]*',
  vendor: 'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.',
  oneColon: 'Actions/Condition can contain only one colon.',
  resourceArn: (r: string) => `Resource ${r} must be in ARN format or "*".`,
  vendorInvalid: (vendor: string) => `Vendor ${vendor} is not valid`,
  partition: (partition: string, arn: string) => `Partition "${partition}" is not valid for resource "${arn}".`,
  resourceVendor: 'Resource vendor must be fully qualified and cannot contain regexes.',
  iamRegion: (r: string) => `IAM resource ${r} cannot contain region information.`,
  iamPath: (prefixes: readonly string[]) => `IAM resource path must either be "*" or start with ${prefixes.join(', ')}.`,
  s3Region: (r: string) => `Resource ${r} can not contain region information.`,
  principal: (field: string, value: string) => `Invalid principal in policy: "${field}":"${value}"`,
  /** S3's answer to a principal it refuses (a bucket policy with Allow + NotPrincipal). */
  notPrincipalAllow: 'Invalid principal in policy',
} as const;
