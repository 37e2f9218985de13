/**
 * ValidatePolicy's findings: AWS's finding types and issue codes (IAM User Guide, "IAM policy validation
 * check reference"), each with its learn-more link and the locations it points at — a path into the
 * document (keys, indexes, a substring of a value) and the exact span, read off the located JSON
 * (policy/grammar/located.ts).
 */
import type { LocatedNode, Span } from '../../policy/index.js';

export type FindingType = 'ERROR' | 'SECURITY_WARNING' | 'SUGGESTION' | 'WARNING';

export type PathElement = { key: string } | { index: number } | { value: string } | { substring: { start: number; length: number } };

export interface Location {
  path: PathElement[];
  span: Span;
}

export interface Finding {
  findingType: FindingType;
  issueCode: string;
  findingDetails: string;
  learnMoreLink: string;
  locations: Location[];
}

const REFERENCE = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html';

/** The reference page's anchor for a check: its finding type and its title, as the page names them. */
export function learnMoreLink(type: FindingType, title: string): string {
  const kind = { ERROR: 'error', SECURITY_WARNING: 'security-warning', SUGGESTION: 'suggestion', WARNING: 'general-warning' }[type];
  return `${REFERENCE}#access-analyzer-reference-policy-checks-${kind}-${title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')}`;
}

export function finding(type: FindingType, issueCode: string, title: string, details: string, locations: Location[]): Finding {
  return { findingType: type, issueCode, findingDetails: details, learnMoreLink: learnMoreLink(type, title), locations };
}

/** A location: the path to a node and the node's span. */
export const at = (path: PathElement[], node: { span: Span } | LocatedNode): Location => ({ path, span: node.span });
