/**
 * ValidatePolicy's checks over a located document. Each check is one entry of AWS's "IAM policy
 * validation check reference" (finding type, issue code, the finding's message) and points at the exact
 * part of the document it is about.
 */
import { field, JsonSyntaxError, parseLocated, type LocatedNode } from '../../policy/index.js';
import { at, finding, type Finding, type PathElement } from './findings.js';

export type PolicyType = 'IDENTITY_POLICY' | 'RESOURCE_POLICY' | 'SERVICE_CONTROL_POLICY' | 'RESOURCE_CONTROL_POLICY';

export interface ValidateInput {
  policyDocument: string;
  policyType: PolicyType;
  validatePolicyResourceType?: string;
}

export function validatePolicy(input: ValidateInput): Finding[] {
  let root: LocatedNode;
  try {
    root = parseLocated(input.policyDocument);
  } catch (e) {
    if (!(e instanceof JsonSyntaxError)) throw e;
    const p = e.at;
    return [
      finding('ERROR', 'JSON_SYNTAX_ERROR', 'JSON syntax error', `Fix the JSON syntax error at index ${p.offset} line ${p.line} column ${p.column}.`, [
        { path: [], span: { start: p, end: p } },
      ]),
    ];
  }
  return new Checker(input, root).run();
}

class Checker {
  readonly out: Finding[] = [];
  constructor(
    private readonly input: ValidateInput,
    private readonly root: LocatedNode,
  ) {}

  run(): Finding[] {
    const version = field(this.root, 'Version');
    if (!version) this.out.push(finding('WARNING', 'MISSING_VERSION', 'Missing version', 'We recommend that you specify the Version element to help you with debugging permission issues.', [at([], this.root)]));
    return this.out;
  }

  path(...p: PathElement[]): PathElement[] {
    return p;
  }
}
