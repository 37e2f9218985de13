/**
 * Profiles from ~/.aws/config and ~/.aws/credentials (AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE), read
 * with the AWS SDK's own INI loader so names, `[profile x]` sections and precedence (the credentials file
 * wins for keys) are the AWS CLI's. Read only: nothing here writes the user's files.
 */
import { parseKnownFiles } from '@smithy/core/config';
import { configError } from './exitCodes.js';

export interface Profile {
  name: string;
  aws_access_key_id?: string;
  aws_secret_access_key?: string;
  aws_session_token?: string;
  role_arn?: string;
  source_profile?: string;
  credential_source?: string;
  credential_process?: string;
  mfa_serial?: string;
  /** A command whose standard output is the MFA code (mfaProcess.ts). */
  mfa_process?: string;
  external_id?: string;
  role_session_name?: string;
  duration_seconds?: string;
  region?: string;
  endpoint_url?: string;
  [key: string]: string | undefined;
}

export async function loadProfiles(): Promise<Record<string, Record<string, string | undefined>>> {
  return (await parseKnownFiles({ ignoreCache: true })) as Record<string, Record<string, string | undefined>>;
}

/** The profile named on the command line, else AWS_PROFILE, else "default". */
export function profileName(explicit?: string): string {
  return explicit || process.env.AWS_PROFILE || process.env.AWS_DEFAULT_PROFILE || 'default';
}

export async function getProfile(name: string): Promise<Profile> {
  const all = await loadProfiles();
  const p = all[name];
  // The AWS CLI's words.
  if (!p) throw configError(`The config profile (${name}) could not be found`);
  return { ...p, name };
}

export async function findProfile(name: string): Promise<Profile | undefined> {
  const p = (await loadProfiles())[name];
  return p ? { ...p, name } : undefined;
}

export function durationOf(p: Profile): number | undefined {
  if (p.duration_seconds === undefined || p.duration_seconds === '') return undefined;
  const n = Number(p.duration_seconds);
  if (!Number.isInteger(n) || n <= 0) throw configError(`profile ${p.name}: duration_seconds must be a whole number of seconds`);
  return n;
}
