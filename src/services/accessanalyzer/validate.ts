/**
 * ValidatePolicy's checks over a located document (policy/grammar/located.ts). Each check is one entry of
 * AWS's "IAM policy validation check reference" (IAM User Guide): its finding type, its issue code (the
 * entry's title in capitals, as the reference spells them: "Error – Missing action" is MISSING_ACTION), its
 * message, and a learn-more link to the entry. Every finding points at the exact part of the document:
 * `{value: K}` steps into the value of field K, `{index: i}` into an array's item, `{key: K}` is the field
 * name itself (an element that is not valid), and the span is that node's, from its first character to just
 * past its last.
 */
import { catalogServices, isKnownAction } from '../../authz/catalog/index.js';
import { field, JsonSyntaxError, parseLocated, parseOperator, resourceError, type LocatedNode } from '../../policy/index.js';
import { matchesAction } from './glob.js';
import { at, finding, type Finding, type FindingType, type PathElement } from './findings.js';

export type PolicyType = 'IDENTITY_POLICY' | 'RESOURCE_POLICY' | 'SERVICE_CONTROL_POLICY' | 'RESOURCE_CONTROL_POLICY';

export interface ValidateInput {
  policyDocument: string;
  policyType: PolicyType;
  validatePolicyResourceType?: string;
}

const TOP = new Set(['Version', 'Id', 'Statement']);
const STATEMENT = new Set(['Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition']);
const VERSIONS = ['2012-10-17', '2008-10-17'];

export function validatePolicy(input: ValidateInput): Finding[] {
  let root: LocatedNode;
  try {
    root = parseLocated(input.policyDocument);
  } catch (e) {
    if (!(e instanceof JsonSyntaxError)) throw e;
    const p = e.at;
    return [finding('ERROR', 'JSON_SYNTAX_ERROR', 'Json syntax error', `Fix the JSON syntax error at index ${p.offset} line ${p.line} column ${p.column}.`, [{ path: [], span: { start: p, end: p } }])];
  }
  return new Checker(input, root).run();
}

type Entry = { key: string; keySpan: LocatedNode['span']; value: LocatedNode };

class Checker {
  readonly out: Finding[] = [];
  /** A resource policy whose resource is a role: its trust policy (no Resource element). */
  private readonly trust: boolean;
  constructor(
    private readonly input: ValidateInput,
    private readonly root: LocatedNode,
  ) {
    this.trust = input.validatePolicyResourceType === 'AWS::IAM::AssumeRolePolicyDocument';
  }

  private add(type: FindingType, code: string, title: string, details: string, path: PathElement[], node: { span: LocatedNode['span'] }) {
    this.out.push(finding(type, code, title, details, [at(path, node)]));
  }

  private dataType(path: PathElement[], node: LocatedNode, expected: string) {
    this.add('ERROR', 'DATA_TYPE_MISMATCH', 'Data type mismatch', `The text does not match the expected JSON data type ${expected}.`, path, node);
  }

  run(): Finding[] {
    const root = this.root;
    if (root.kind !== 'object') {
      this.dataType([], root, 'Object');
      return this.out;
    }
    for (const e of root.entries) {
      if (!TOP.has(e.key)) this.add('ERROR', 'INVALID_POLICY_ELEMENT', 'Invalid policy element', `The policy element ${e.key} is not valid.`, [{ key: e.key }], { span: e.keySpan });
    }
    const version = field(root, 'Version');
    if (!version) this.add('WARNING', 'MISSING_VERSION', 'Missing version', 'We recommend that you specify the Version element to help you with debugging permission issues.', [], root);
    else if (version.value.kind !== 'string') this.dataType([{ value: 'Version' }], version.value, 'String');
    else if (!VERSIONS.includes(version.value.value)) {
      this.add('ERROR', 'INVALID_VERSION', 'Invalid version', `The version ${version.value.value} is not valid. Use one of the following versions: ${VERSIONS.join(', ')}`, [{ value: 'Version' }], version.value);
    }
    const statement = field(root, 'Statement');
    if (!statement) {
      this.add('ERROR', 'MISSING_STATEMENT', 'Missing statement', 'Add a statement to the policy.', [], root);
      return this.out;
    }
    const items = statement.value.kind === 'array' ? statement.value.items.map((n, i) => ({ n, path: [{ value: 'Statement' }, { index: i }] as PathElement[] })) : [{ n: statement.value, path: [{ value: 'Statement' }] as PathElement[] }];
    if (items.length === 0) this.add('ERROR', 'MISSING_STATEMENT', 'Missing statement', 'Add a statement to the policy.', [{ value: 'Statement' }], statement.value);
    const sids = new Map<string, number>();
    for (const { n, path } of items) {
      if (n.kind !== 'object') {
        this.dataType(path, n, 'Object');
        continue;
      }
      this.statement(n, path, sids);
    }
    return this.out;
  }

  private statement(st: Extract<LocatedNode, { kind: 'object' }>, path: PathElement[], sids: Map<string, number>) {
    const f = (k: string) => field(st, k);
    this.passRole = undefined;
    for (const e of st.entries) {
      if (!STATEMENT.has(e.key)) this.add('ERROR', 'INVALID_POLICY_ELEMENT', 'Invalid policy element', `The policy element ${e.key} is not valid.`, [...path, { key: e.key }], { span: e.keySpan });
    }
    for (const [a, b] of [['Action', 'NotAction'], ['Resource', 'NotResource'], ['Principal', 'NotPrincipal']] as const) {
      if (f(a) && f(b)) this.add('ERROR', 'UNSUPPORTED_ELEMENT_COMBINATION', 'Unsupported element combination', `The policy elements ${a} and ${b} can not be used in the same statement. Remove one of these elements.`, [...path, { key: b }], { span: f(b)!.keySpan });
    }
    // Sid
    const sid = f('Sid');
    if (sid) {
      if (sid.value.kind !== 'string') this.dataType([...path, { value: 'Sid' }], sid.value, 'String');
      else if (this.input.policyType !== 'RESOURCE_POLICY' && !/^[0-9A-Za-z]*$/.test(sid.value.value)) {
        this.add('ERROR', 'UNSUPPORTED_SID', 'Unsupported Sid', 'Update the characters in the Sid element to use one of the following character types: [a-z, A-Z, 0-9]', [...path, { value: 'Sid' }], sid.value);
      } else if (sid.value.value !== '') {
        if (sids.has(sid.value.value)) this.add('ERROR', 'UNIQUE_SIDS_REQUIRED', 'Unique Sids required', 'Duplicate statement IDs are not supported for this policy type. Update the Sid value.', [...path, { value: 'Sid' }], sid.value);
        sids.set(sid.value.value, 1);
      }
    }
    // Effect
    const effect = f('Effect');
    let allow = true;
    if (!effect) this.add('ERROR', 'MISSING_EFFECT', 'Missing effect', 'Add an Effect element to the policy statement with a value of Allow or Deny.', path, st);
    else if (effect.value.kind !== 'string') this.dataType([...path, { value: 'Effect' }], effect.value, 'String');
    else if (effect.value.value !== 'Allow' && effect.value.value !== 'Deny') {
      this.add('ERROR', 'INVALID_EFFECT', 'Invalid effect', `The Effect element value ${effect.value.value} is not valid. Use Allow or Deny.`, [...path, { value: 'Effect' }], effect.value);
    } else allow = effect.value.value === 'Allow';
    // Principal
    const principal = f('Principal') ?? f('NotPrincipal');
    const resourcePolicy = this.input.policyType === 'RESOURCE_POLICY' || this.input.policyType === 'RESOURCE_CONTROL_POLICY';
    if (principal && this.input.policyType === 'IDENTITY_POLICY') {
      this.add('ERROR', 'UNSUPPORTED_PRINCIPAL', 'Unsupported principal', `The policy type IDENTITY_POLICY does not support the ${principal.key} element. Remove the ${principal.key} element.`, [...path, { key: principal.key }], { span: principal.keySpan });
    } else if (principal && this.input.policyType === 'SERVICE_CONTROL_POLICY') {
      this.add('ERROR', 'SCP_SYNTAX_ERROR_PRINCIPAL', 'SCP syntax error principal', `SCPs do not support specifying principals. Remove the ${principal.key} element.`, [...path, { key: principal.key }], { span: principal.keySpan });
    } else if (!principal && this.input.policyType === 'RESOURCE_POLICY') {
      this.add('ERROR', 'MISSING_PRINCIPAL', 'Missing principal', 'Add a Principal element to the policy statement.', path, st);
    }
    // Action
    const action = f('Action') ?? f('NotAction');
    if (!action) this.add('ERROR', 'MISSING_ACTION', 'Missing action', 'Add an Action or NotAction element to the policy statement.', path, st);
    else this.actions(action, path);
    // Resource
    const resource = f('Resource') ?? f('NotResource');
    if (!resource) {
      if (!this.trust && this.input.policyType !== 'SERVICE_CONTROL_POLICY' && !resourcePolicy) this.add('ERROR', 'MISSING_RESOURCE', 'Missing resource', 'Add a Resource or NotResource element to the policy statement.', path, st);
    } else this.resources(resource, path, allow, action);
    // Condition
    const condition = f('Condition');
    if (condition) this.conditions(condition, path);
  }

  private strings(entry: Entry, path: PathElement[]): { value: string; node: LocatedNode; path: PathElement[] }[] {
    const base = [...path, { value: entry.key }];
    if (entry.value.kind === 'string') return [{ value: entry.value.value, node: entry.value, path: base }];
    if (entry.value.kind !== 'array') {
      this.dataType(base, entry.value, 'Array or String');
      return [];
    }
    const out: { value: string; node: LocatedNode; path: PathElement[] }[] = [];
    entry.value.items.forEach((n, i) => {
      if (n.kind === 'string') out.push({ value: n.value, node: n, path: [...base, { index: i }] });
      else if (n.kind !== 'null') this.dataType([...base, { index: i }], n, 'String');
    });
    return out;
  }

  private actions(entry: Entry, path: PathElement[]) {
    const list = this.strings(entry, path);
    if (entry.value.kind === 'array' && entry.value.items.length === 0) {
      this.add('SUGGESTION', 'EMPTY_ARRAY_ACTION', 'Empty array action', 'This statement includes no actions and does not affect the policy. Specify actions.', [...path, { value: entry.key }], entry.value);
      return;
    }
    const known = catalogServices();
    for (const a of list) {
      if (a.value === '*') continue;
      const colon = a.value.indexOf(':');
      const service = colon > 0 ? a.value.slice(0, colon) : '';
      // The catalog knows every action of the services it holds: an exact name it lacks does not exist.
      if (colon > 0 && known.has(service.toLowerCase()) && !/[*?]/.test(a.value) && !isKnownAction(a.value)) {
        this.add('ERROR', 'INVALID_ACTION', 'Invalid action', `The action ${a.value} does not exist.`, a.path, a.node);
      }
    }
    // Redundant actions: an exact action another entry's wildcard already grants.
    const wild = list.filter((a) => /[*?]/.test(a.value));
    for (const a of list) {
      if (/[*?]/.test(a.value)) continue;
      const cover = wild.find((w) => matchesAction(w.value.toLowerCase(), a.value.toLowerCase()));
      if (cover) {
        this.add('SUGGESTION', 'REDUNDANT_ACTION', 'Redundant action', `The 1 action(s) are redundant because they provide similar permissions to the following action: ${cover.value}.`, a.path, a.node);
      }
    }
    if (entry.key === 'Action') {
      for (const a of list) {
        if (matchesAction(a.value.toLowerCase(), 'iam:passrole')) this.passRole = a;
      }
    }
  }

  private passRole: { value: string; node: LocatedNode; path: PathElement[] } | undefined;

  private resources(entry: Entry, path: PathElement[], allow: boolean, action: Entry | undefined) {
    if (this.trust && entry) {
      this.add('ERROR', 'UNSUPPORTED_ELEMENT_COMBINATION', 'Unsupported element combination', `The policy elements ${entry.key} and AWS::IAM::AssumeRolePolicyDocument can not be used together. Remove the ${entry.key} element.`, [...path, { key: entry.key }], { span: entry.keySpan });
      return;
    }
    if (entry.value.kind === 'array' && entry.value.items.length === 0) {
      this.add('SUGGESTION', 'EMPTY_ARRAY_RESOURCE', 'Empty array resource', 'This statement includes no resources and does not affect the policy. Specify resources.', [...path, { value: entry.key }], entry.value);
      return;
    }
    const list = this.strings(entry, path);
    for (const r of list) {
      const e = resourceError(r.value);
      if (!e) continue;
      if (/^Partition /.test(e)) this.add('ERROR', 'INVALID_PARTITION', 'Invalid partition', `The resource ARN for the service has a partition that is not valid. ${e}`, r.path, r.node);
      else this.add('ERROR', 'INVALID_ARN_RESOURCE', 'Invalid ARN resource', `The resource ARN is not valid: ${e}`, r.path, r.node);
    }
    const pass = this.passRole;
    this.passRole = undefined;
    if (allow && action?.key === 'Action' && pass && entry.key === 'Resource' && list.some((r) => r.value === '*')) {
      const star = list.find((r) => r.value === '*')!;
      this.add(
        'SECURITY_WARNING',
        'PASS_ROLE_WITH_STAR_IN_RESOURCE',
        'Pass role with star in resource',
        'Using the iam:PassRole action with wildcards (*) in the resource can be overly permissive because it allows iam:PassRole permissions on multiple resources. We recommend that you specify resource ARNs or add the iam:PassedToService condition key to your statement.',
        star.path,
        star.node,
      );
    }
  }

  private conditions(entry: Entry, path: PathElement[]) {
    const base = [...path, { value: 'Condition' }];
    if (entry.value.kind !== 'object') {
      this.dataType(base, entry.value, 'Object');
      return;
    }
    for (const op of entry.value.entries) {
      if (parseOperator(op.key) === null) {
        this.add('ERROR', 'INVALID_CONDITION_OPERATOR', 'Invalid condition operator', `The condition operator ${op.key} is not valid. Use a valid condition operator.`, [...base, { key: op.key }], { span: op.keySpan });
        continue;
      }
      if (op.value.kind !== 'object') this.dataType([...base, { value: op.key }], op.value, 'Object');
    }
  }
}
