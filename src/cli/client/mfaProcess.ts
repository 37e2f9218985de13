/**
 * `mfa_process` in a profile: a command whose standard output is the MFA code (a password manager's or a
 * hardware key's CLI: `op item get aws --otp`, `ykman oath accounts code -s aws`), run through the shell
 * like credential_process. Its stderr and the terminal stay the user's (a key may ask to be touched); its
 * stdout is read, trimmed, and must be six digits. A failure names the profile, never prints the output.
 */
import { spawn } from 'node:child_process';
import { configError } from './exitCodes.js';

export interface MfaProcess {
  command: string;
  profile: string;
}

const TIMEOUT_MS = 120_000;

export function runMfaProcess(p: MfaProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    const fail = (why: string) => reject(configError(`mfa_process of profile ${p.profile}: ${why}`));
    let child;
    try {
      child = spawn(p.command, { shell: true, stdio: ['inherit', 'pipe', 'inherit'] });
    } catch (e) {
      fail(`cannot run it (${(e as Error).message})`);
      return;
    }
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (d: string) => {
      if (out.length < 4096) out += d;
    });
    const timer = setTimeout(() => child.kill('SIGTERM'), TIMEOUT_MS);
    child.on('error', (e) => {
      clearTimeout(timer);
      fail(`cannot run it (${e.message})`);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code !== 0) return fail(signal ? `the command was ended by ${signal}${signal === 'SIGTERM' ? ` (no code within ${TIMEOUT_MS / 1000} s?)` : ''}` : `the command failed (exit status ${code})`);
      const code6 = out.trim();
      if (!/^\d{6}$/.test(code6)) return fail('the command did not print a six-digit code on its standard output');
      resolve(code6);
    });
  });
}
