/**
 * AWS managed policies (arn:aws:iam::aws:policy/PATH/NAME), kept as data files beside this module: the
 * documents, paths, default version ids and dates AWS publishes, for the policies users attach most
 * (scripts/extract-managed-policies.py writes them and documents the selection; NOTICE.md names the source).
 * Loaded on first use, not at start-up; each document is rendered when first asked for. Policy ids are
 * derived from the name (AWS's real ids are not published).
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { sourcePath } from '../../../core/paths.js';

export interface AwsManagedPolicy {
  arn: string;
  id: string;
  name: string;
  path: string;
  description: string;
  createDate: number;
  updateDate: number;
  defaultVersion: string;
  document: string;
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const idFor = (name: string) => {
  const h = createHash('sha256').update(`aws-managed:${name}`).digest();
  let s = 'ANPA';
  for (let i = 0; i < 17; i++) s += BASE32[h[i]! & 31];
  return s;
};

let byArn: Map<string, AwsManagedPolicy> | undefined;

function load(): Map<string, AwsManagedPolicy> {
  if (byArn) return byArn;
  const dir = sourcePath('services', 'iam', 'managed') + '/';
  const m = new Map<string, AwsManagedPolicy>();
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.json')).sort()) {
    const d = JSON.parse(readFileSync(dir + f, 'utf8')) as {
      name: string; path: string; description: string; createDate: string; updateDate: string; defaultVersion: string; document: unknown;
    };
    const arn = `arn:aws:iam::aws:policy${d.path}${d.name}`;
    let rendered: string | undefined;
    m.set(arn, {
      arn,
      id: idFor(d.name),
      name: d.name,
      path: d.path,
      description: d.description,
      createDate: Date.parse(d.createDate),
      updateDate: Date.parse(d.updateDate),
      defaultVersion: d.defaultVersion,
      get document() {
        return (rendered ??= JSON.stringify(d.document, null, 4));
      },
    });
  }
  byArn = m;
  return m;
}

export const awsManagedPolicy = (arn: string): AwsManagedPolicy | undefined => load().get(arn);
export const awsManagedPolicies = (): AwsManagedPolicy[] => [...load().values()];
export const isAwsManagedArn = (arn: string) => arn.startsWith('arn:aws:iam::aws:policy/');
