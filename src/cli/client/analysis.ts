/**
 * `tessera who-can` and `tessera escalation-paths`: Tessera's own analysis API (AWS has none), called with
 * the current credentials (as `whoami` resolves them) against the endpoint (--endpoint-url,
 * AWS_ENDPOINT_URL, the profile's endpoint_url), SigV4-signed for the service `tessera`. Prints the JSON
 * answer; a refusal is printed as the aws CLI prints one, exit 254.
 */
import type { Command } from 'commander';
import { signHeaders } from '../../auth/sigv4/index.js';
import { clientCommand, overridesOf, withTarget } from './common.js';
import { resolveCurrent } from './credentials.js';
import { CliError, configError, ExitCode, runAction } from './exitCodes.js';

async function call(operation: string, path: string, input: Record<string, string>, flags: { profile?: string; region?: string; endpointUrl?: string }): Promise<unknown> {
  const r = await resolveCurrent(flags.profile, { overrides: overridesOf(flags) });
  const endpoint = r.target.endpoint ?? process.env.AWS_ENDPOINT_URL_TESSERA;
  if (!endpoint) throw configError('no Tessera endpoint: pass --endpoint-url or set AWS_ENDPOINT_URL');
  const url = new URL(path, endpoint);
  const body = JSON.stringify(input);
  const headers = signHeaders({ method: 'POST', host: url.host, rawPath: url.pathname, rawQuery: '', headers: { 'content-type': 'application/json' }, body }, r.creds, r.target.region, 'tessera', Date.now());
  delete headers.host;
  const res = await fetch(url, { method: 'POST', headers, body });
  const text = await res.text();
  if (!res.ok) {
    let message = text;
    try {
      message = (JSON.parse(text) as { message?: string }).message ?? text;
    } catch {
      // not JSON: shown as it came
    }
    const code = res.headers.get('x-amzn-errortype') ?? String(res.status);
    throw new CliError(ExitCode.service, `An error occurred (${code}) when calling the ${operation} operation: ${message}`);
  }
  return JSON.parse(text);
}

export function registerAnalysis(program: Command): void {
  withTarget(clientCommand(program, 'who-can', 'every user and role of the account allowed an action on a resource, and who can assume those roles (Tessera\'s own analysis)'))
    .requiredOption('--action <action>', 'the action, e.g. s3:GetObject')
    .requiredOption('--resource <arn>', 'the resource ARN')
    .option('--profile <name>', 'the profile')
    .action((flags: { action: string; resource: string; profile?: string; region?: string; endpointUrl?: string }) =>
      runAction(async () => {
        process.stdout.write(`${JSON.stringify(await call('WhoCan', '/analysis/who-can', { action: flags.action, resource: flags.resource }, flags), null, 2)}\n`);
      }),
    );
  withTarget(clientCommand(program, 'escalation-paths', 'every way a user or role can become an administrator, as the exact calls (Tessera\'s own analysis)'))
    .requiredOption('--principal <arn>', 'the user or role ARN')
    .option('--profile <name>', 'the profile')
    .action((flags: { principal: string; profile?: string; region?: string; endpointUrl?: string }) =>
      runAction(async () => {
        process.stdout.write(`${JSON.stringify(await call('EscalationPaths', '/analysis/escalation-paths', { principal: flags.principal }, flags), null, 2)}\n`);
      }),
    );
}
