/**
 * The client side of the `tessera` command: credentials for AWS and Tessera alike, the source documents'
 * manual steps done by a tool (MFA sessions, roles, SAML, console sign-in, credential_process, exec).
 */
import type { Command } from 'commander';
import { registerAnalysis } from './analysis.js';
import { registerAssume } from './assume.js';
import { registerConsole } from './console.js';
import { registerCredentialProcess } from './credentialProcess.js';
import { registerExec } from './exec.js';
import { registerExport } from './export.js';
import { registerMfa } from './mfa.js';
import { registerSaml } from './saml.js';
import { registerSession } from './session.js';
import { registerSessions } from './sessions.js';
import { registerWhoami } from './whoami.js';

export function registerClientCommands(program: Command): void {
  registerSession(program);
  registerAssume(program);
  registerSaml(program);
  registerConsole(program);
  registerExport(program);
  registerExec(program);
  registerCredentialProcess(program);
  registerWhoami(program);
  registerSessions(program);
  registerMfa(program);
  registerAnalysis(program);
}
