/**
 * `tessera saml`: AssumeRoleWithSAML with a SAML response from stdin, a file, or — with --listen — a
 * loopback endpoint that receives the IdP's POSTed SAMLResponse (point the IdP's ACS URL at it). The role
 * pairs in the response are listed; the user picks one (on the terminal) unless --role-arn chooses.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Command } from 'commander';
import { AssumeRoleWithSAMLCommand } from '@aws-sdk/client-sts';
import { DURATION_FORMS, clientCommand, note, overridesOf, seconds, withTarget } from './common.js';
import type { Resolved } from './credentials.js';
import { configError, runAction, usageError } from './exitCodes.js';
import { checkFormat, render } from './outputs.js';
import { findProfile, profileName } from './profiles.js';
import { rolePairs, toBase64, type RolePair } from './samlResponse.js';
import { call, credsOf, stsClient, targetOf } from './sts.js';
import { ask } from './tty.js';

interface Flags {
  roleArn?: string;
  principalArn?: string;
  file?: string;
  listen?: string | boolean;
  duration?: string;
  format: string;
  profile?: string;
  region?: string;
  endpointUrl?: string;
}

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) throw usageError('give the SAML response on stdin, with --file, or use --listen');
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

const PAGE = (msg: string) => `<!doctype html><meta charset="utf-8"><title>tessera</title><body style="font-family:sans-serif"><p>${msg}</p></body>`;

/** Waits for one POST of SAMLResponse on 127.0.0.1 (the port given, or a random one). */
async function listen(port: number): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const server = createServer((req, res) => {
      if (req.method !== 'POST') {
        res.writeHead(405, { 'content-type': 'text/html; charset=utf-8', allow: 'POST' }).end(PAGE('This endpoint receives the SAML response your identity provider posts.'));
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      req.on('data', (c: Buffer) => {
        size += c.length;
        if (size > 1_000_000) req.destroy();
        else chunks.push(c);
      });
      req.on('end', () => {
        const saml = new URLSearchParams(Buffer.concat(chunks).toString('utf8')).get('SAMLResponse');
        if (!saml) {
          res.writeHead(400, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE('No SAMLResponse in the form.'));
          return;
        }
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', connection: 'close' }).end(PAGE('Received. You can close this window and return to the terminal.'));
        server.close();
        resolve(saml);
      });
    });
    server.on('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const addr = server.address() as AddressInfo;
      note(`waiting for the identity provider's SAML response: POST it (SAMLResponse) to http://127.0.0.1:${addr.port}/saml`);
    });
  });
}

async function choose(pairs: RolePair[], flags: Flags): Promise<RolePair> {
  if (flags.roleArn) {
    const found = pairs.find((p) => p.roleArn === flags.roleArn && (!flags.principalArn || p.principalArn === flags.principalArn));
    if (found) return found;
    if (flags.principalArn) return { roleArn: flags.roleArn, principalArn: flags.principalArn };
    throw usageError(`the SAML response offers no role ${flags.roleArn}${pairs.length ? `; it offers: ${pairs.map((p) => p.roleArn).join(', ')}` : ''}`);
  }
  if (pairs.length === 0) throw configError('the SAML response names no role (attribute https://aws.amazon.com/SAML/Attributes/Role); pass --role-arn and --principal-arn');
  if (pairs.length === 1) return pairs[0]!;
  const list = pairs.map((p, i) => `  [${i + 1}] ${p.roleArn}  (${p.principalArn})`).join('\n');
  process.stderr.write(`The SAML response offers ${pairs.length} roles:\n${list}\n`);
  const answer = await ask(`Pick a role [1-${pairs.length}]: `);
  if (answer === undefined) throw usageError('several roles are offered and there is no terminal to pick on: pass --role-arn');
  const n = Number(answer);
  if (!Number.isInteger(n) || n < 1 || n > pairs.length) throw usageError(`no role number ${answer}`);
  return pairs[n - 1]!;
}

export function registerSaml(program: Command): void {
  withTarget(clientCommand(program, 'saml', 'AssumeRoleWithSAML with a SAML response (stdin, --file, or --listen for the IdP\'s POST)'))
    .option('--role-arn <arn>', 'the role (default: picked from the response\'s role pairs)')
    .option('--principal-arn <arn>', 'the SAML provider (default: the role\'s pair in the response)')
    .option('--file <path>', 'read the SAML response (base64 or XML) from a file')
    .option('--listen [port]', 'receive the SAMLResponse POSTed by the IdP on 127.0.0.1 (random port unless given)')
    .option('-d, --duration <duration>', `DurationSeconds, 900 to 43200 (${DURATION_FORMS})`)
    .option('--format <format>', 'env, env-no-export, powershell, windows-cmd, fish, process', 'env')
    .option('--profile <name>', 'a profile to take region and endpoint_url from')
    .action((flags: Flags) =>
      runAction(async () => {
        const format = checkFormat(flags.format);
        const duration = seconds(flags.duration, '--duration', 900, 43_200);
        if (flags.principalArn && !flags.roleArn) throw usageError('--principal-arn needs --role-arn');
        let port = 0;
        if (typeof flags.listen === 'string') {
          if (!/^\d{1,5}$/.test(flags.listen) || Number(flags.listen) > 65_535) throw usageError('--listen takes a port number');
          port = Number(flags.listen);
        }
        const raw = flags.listen !== undefined ? await listen(port) : flags.file ? readFileSync(flags.file, 'utf8') : await readStdin();
        const assertion = toBase64(raw);
        const pair = await choose(rolePairs(assertion), flags);
        const profile = flags.profile || process.env.AWS_PROFILE ? await findProfile(profileName(flags.profile)) : undefined;
        const target = targetOf([profile], overridesOf(flags));
        const out = await call('AssumeRoleWithSAML', () =>
          stsClient(target).send(new AssumeRoleWithSAMLCommand({ RoleArn: pair.roleArn, PrincipalArn: pair.principalArn, SAMLAssertion: assertion, ...(duration ? { DurationSeconds: duration } : {}) })),
        );
        const creds = credsOf(out.Credentials);
        note(`assumed ${out.AssumedRoleUser?.Arn ?? pair.roleArn} until ${creds.expiration.toISOString()}`);
        const r: Resolved = { creds, kind: 'role', target, fromCache: false, roleArn: pair.roleArn };
        process.stdout.write(render(r, format));
      }),
    );
}
