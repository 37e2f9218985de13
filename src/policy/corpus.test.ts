// Walks the JSON corpus under src/policy/corpus/ (see corpus/build.mjs and README.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { parsePolicy, type ParseOptions } from './parse.js';
import { evaluate } from './evaluate.js';
import { accessDeniedMessage } from './message.js';
import { PolicyValidationError } from './errors.js';
import type { EvaluationRequest, PolicyKind, PolicyType, SourcedPolicy } from './types.js';

// Compiled tests run from dist/src/policy; the corpus stays in src/policy/corpus.
const dir = fileURLToPath(new URL('../../../src/policy/corpus/', import.meta.url));

interface Case {
  name: string;
  source: string;
  request?: Omit<EvaluationRequest, 'identityPolicies'>;
  policies?: { identity?: unknown[]; resource?: unknown; trust?: unknown; boundary?: unknown; session?: unknown[] };
  parse?: { kind: PolicyKind; document: string; options?: ParseOptions };
  expect: { effect?: string; decidingType?: string; message?: string; error?: string; valid?: boolean };
}

function sourced(docu: unknown, kind: PolicyKind, type: PolicyType, id: string): SourcedPolicy {
  return { policy: parsePolicy(JSON.stringify(docu), kind), source: { type, id } };
}

const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
let count = 0;
for (const f of files) {
  const cases = JSON.parse(readFileSync(join(dir, f), 'utf8')) as Case[];
  count += cases.length;
  for (const [i, k] of cases.entries()) {
    test(`${f} #${i}: ${k.name}`, () => {
      if (k.parse) {
        if (k.expect.valid) return void parsePolicy(k.parse.document, k.parse.kind, k.parse.options);
        assert.throws(
          () => parsePolicy(k.parse!.document, k.parse!.kind, k.parse!.options),
          (e: unknown) => e instanceof PolicyValidationError && e.message === k.expect.error,
        );
        return;
      }
      const p = k.policies!;
      const rp =
        p.trust !== undefined
          ? sourced(p.trust, 'trust', 'resource-based', 'trust')
          : p.resource !== undefined
            ? sourced(p.resource, 'resource', 'resource-based', 'resource')
            : undefined;
      const req: EvaluationRequest = {
        ...k.request!,
        identityPolicies: (p.identity ?? []).map((d, j) => sourced(d, 'identity', 'identity-based', `identity/${j}`)),
        ...(rp ? { resourcePolicy: rp } : {}),
        ...(p.boundary !== undefined ? { permissionsBoundary: sourced(p.boundary, 'boundary', 'permissions boundary', 'boundary') } : {}),
        ...(p.session ? { sessionPolicies: p.session.map((d, j) => sourced(d, 'session', 'session', `session/${j}`)) } : {}),
      };
      const d = evaluate(req);
      const detail = `${k.source}\n${JSON.stringify(d)}`;
      assert.equal(d.effect, k.expect.effect, detail);
      if (k.expect.decidingType) assert.equal(d.decidingType, k.expect.decidingType, detail);
      // The explain mode reaches the same decision.
      const full = evaluate(req, { explain: true });
      assert.equal(full.effect, d.effect);
      if (k.expect.message) {
        const quote = req.action.toLowerCase().startsWith('s3:');
        assert.equal(accessDeniedMessage(req.principal.arn, req.action, req.resource, d, { quoteResource: quote }), k.expect.message);
      }
    });
  }
}

test('the corpus holds at least 300 cases', () => assert.ok(count >= 300, String(count)));
