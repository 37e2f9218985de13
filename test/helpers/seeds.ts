/**
 * The seed documents' client code and policies, kept once under test/fixtures/ and read by every test that
 * runs them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './server.js';

const fixture = (name: string) => readFileSync(join(repoRoot, 'test', 'fixtures', name), 'utf8');

/**
 * Seed 000's Python functions as published (setup, try_to_assume_role_without_mfa,
 * list_buckets_from_assumed_role_with_mfa, teardown, usage_demo), line breaks restored. The test's harness
 * provides unique_name and progress_bar.
 */
export const SEED_000_PY = fixture('seed000-assume_role_mfa.py');

/** Seed 004's DenyAllExceptListedIfNoMFA, byte for byte as the blog post shows it (the file's final newline dropped). */
export const DENY_ALL_EXCEPT_LISTED_IF_NO_MFA = fixture('seed004-DenyAllExceptListedIfNoMFA.json').replace(/\n$/, '');
