/**
 * Where an MFA code comes from: --token-code, else the profile's mfa_process, else the seed stored with
 * `tessera mfa add`, else the terminal (/dev/tty). With none of them, the refusal says which to use (exit 253).
 */
import { configError, usageError } from './exitCodes.js';
import { hasSeed, nextCode } from './mfaStore.js';
import { runMfaProcess, type MfaProcess } from './mfaProcess.js';
import { ask } from './tty.js';

export interface ObtainedCode {
  code: string;
  source: 'flag' | 'process' | 'seed' | 'terminal';
  step?: number;
}

export function checkCodeFormat(code: string): string {
  if (!/^\d{6}$/.test(code)) throw usageError('the MFA code must be six digits');
  return code;
}

export async function obtainCode(serial: string, opts: { tokenCode?: string; mfaProcess?: MfaProcess; why?: string; after?: number; note?: (m: string) => void }): Promise<ObtainedCode> {
  if (opts.tokenCode) return { code: checkCodeFormat(opts.tokenCode), source: 'flag' };
  if (opts.mfaProcess) return { code: await runMfaProcess(opts.mfaProcess), source: 'process' };
  if (hasSeed(serial)) {
    const c = await nextCode(serial, { ...(opts.after !== undefined ? { after: opts.after } : {}), onWait: (s) => opts.note?.(`waiting ${s} s for a fresh MFA code (the last one was already used)`) });
    if (c) return { code: c.code, source: 'seed', step: c.step };
  }
  const prefix = opts.why ? `${opts.why}. ` : '';
  const answer = await ask(`${prefix}MFA code for ${serial}: `);
  if (answer === undefined) {
    throw configError(`${prefix}An MFA code for ${serial} is needed and there is no terminal to ask on: pass --token-code, set mfa_process in the profile, or store the device's seed with \`tessera mfa add ${serial}\``);
  }
  return { code: checkCodeFormat(answer), source: 'terminal' };
}
