// The policy simulator: IAM SimulatePrincipalPolicy / SimulateCustomPolicy, called with this session.
// IAM answers one EvaluationResult per action; its ResourceSpecificResults (when resources were named) give
// each resource's decision, shown one row each.
import { all, kids, query, text } from './api.js';
import { errorBox, h, mount, pageHead, table } from './ui.js';

function principalOf(s) {
  if (s.type === 'assumed-role') return s.arn.replace(':sts::', ':iam::').replace(/assumed-role\/([^/]+)\/.*$/, 'role/$1');
  return s.arn;
}

export async function simulatorPage(s) {
  const principal = h('input', { value: principalOf(s), id: 'sim-principal', 'aria-label': 'Principal ARN' });
  const actions = h('input', { value: 's3:ListAllMyBuckets, s3:PutObject', id: 'sim-actions', 'aria-label': 'Actions' });
  const resources = h('input', { value: '*', id: 'sim-resources', 'aria-label': 'Resources' });
  const custom = h('textarea', { id: 'sim-policy', placeholder: 'Optional: a policy document to simulate instead (SimulateCustomPolicy)' });
  const resourcePolicy = h('textarea', { id: 'sim-resource-policy', placeholder: 'Optional: a resource-based policy (e.g. a bucket policy) to include in the evaluation' });
  const callerArn = h('input', { id: 'sim-caller', placeholder: 'arn:aws:iam::ACCOUNT:user/NAME', 'aria-label': 'Caller ARN' });
  const owner = h('input', { id: 'sim-resource-owner', placeholder: 'arn:aws:iam::ACCOUNT:root', 'aria-label': 'Resource owner' });
  const out = h('div', {});
  const run = async () => {
    const params = {};
    actions.value.split(',').map((a) => a.trim()).filter(Boolean).forEach((a, i) => (params[`ActionNames.member.${i + 1}`] = a));
    resources.value.split(',').map((a) => a.trim()).filter(Boolean).forEach((r, i) => (params[`ResourceArns.member.${i + 1}`] = r));
    if (resourcePolicy.value.trim()) {
      params.ResourcePolicy = resourcePolicy.value.trim();
      if (owner.value.trim()) params.ResourceOwner = owner.value.trim();
      if (callerArn.value.trim()) params.CallerArn = callerArn.value.trim();
    }
    let r;
    if (custom.value.trim()) r = await query('iam', 'SimulateCustomPolicy', { ...params, 'PolicyInputList.member.1': custom.value.trim() });
    else r = await query('iam', 'SimulatePrincipalPolicy', { ...params, PolicySourceArn: principal.value.trim() });
    if (!r.ok) return out.replaceChildren(errorBox(r.error));
    const row = (action, resource, d) => [h('code', {}, action), h('code', {}, resource), h('span', { class: d === 'allowed' ? 'decision-allowed' : 'decision-denied', 'data-testid': 'decision' }, d)];
    const results = all(r.doc, 'EvaluationResults')[0];
    const rows = results
      ? [...results.children].flatMap((m) => {
          const action = text(m, 'EvalActionName');
          const per = kids(m, 'ResourceSpecificResults')[0];
          if (!per || per.children.length === 0) return [row(action, text(m, 'EvalResourceName'), text(m, 'EvalDecision'))];
          return [...per.children].map((x) => row(action, text(x, 'EvalResourceName'), text(x, 'EvalResourceDecision')));
        })
      : [];
    out.replaceChildren(table(['Action', 'Resource', 'Decision'], rows, 'No results.'));
    out.setAttribute('aria-live', 'polite');
  };
  mount(
    pageHead('Policy simulator', 'Ask the policy engine what a principal may do (runs as IAM Simulate* with your session).'),
    h('section', { class: 'panel' },
      h('label', {}, 'Principal ARN (SimulatePrincipalPolicy)', principal),
      h('label', {}, 'Actions (comma-separated)', actions),
      h('label', {}, 'Resource ARNs (comma-separated)', resources),
      h('label', {}, 'Custom policy (SimulateCustomPolicy)', custom),
      h('label', {}, 'Resource policy (ResourcePolicy)', resourcePolicy),
      h('label', {}, 'Resource owner (ResourceOwner, with a resource policy)', owner),
      h('label', {}, 'Caller ARN (CallerArn: the user the resource policy names, when the principal is not a user)', callerArn),
      h('button', { class: 'primary', onclick: run, id: 'sim-run' }, 'Simulate')),
    out,
  );
}
