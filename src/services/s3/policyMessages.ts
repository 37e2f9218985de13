// S3's own wording for a bucket policy it refuses (MalformedPolicy). S3 reads the document with its
// own front end: text that is not a JSON object, or not JSON at all, and a principal or resource the
// policy grammar refuses, get S3's messages; every other refusal keeps the policy grammar's words.
import { PolicyValidationError } from '../../policy/index.js';

export const S3PolicyMessages = {
  firstByte: "Policies must be valid JSON and the first byte must be '{'",
  invalidJson: 'This policy contains invalid Json',
  principal: 'Invalid principal in policy',
  resource: 'Policy has invalid resource',
} as const;

/** The MalformedPolicy message S3 gives for `text`, refused by the policy grammar with `e`. */
export function s3PolicyMessage(text: string, e: PolicyValidationError): string {
  if (!text.trimStart().startsWith('{')) return S3PolicyMessages.firstByte;
  try {
    JSON.parse(text);
  } catch {
    return S3PolicyMessages.invalidJson;
  }
  if (e.element === 'Principal') return S3PolicyMessages.principal;
  if (e.element === 'Resource') return S3PolicyMessages.resource;
  return e.message;
}
