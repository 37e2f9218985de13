/** Headless Chromium for browser tests: Debian's chromium driven by playwright-core. */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { repoRoot } from './server.js';

export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];


export const AXE = join(repoRoot, 'node_modules', 'axe-core', 'axe.min.js');

/** Fails (never skips) when Chromium or axe-core is missing. */
export function requireChromiumAndAxe(): void {
  assert.ok(existsSync(CHROMIUM), 'Debian chromium is required: apt-get install -y chromium');
  assert.ok(existsSync(AXE), 'axe-core is required (node_modules/axe-core)');
}

/** Browsers of one test file: each a fresh profile (its own cookies); closeAll() ends them and removes the profiles. */
export class Browsers {
  private readonly contexts: BrowserContext[] = [];
  private readonly profiles: string[] = [];

  async open(viewport = { width: 1280, height: 800 }): Promise<{ context: BrowserContext; page: Page }> {
    const profile = mkdtempSync(join(tmpdir(), 'tessera-chromium-'));
    this.profiles.push(profile);
    const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true, viewport });
    this.contexts.push(context);
    const page = context.pages()[0] ?? (await context.newPage());
    page.on('dialog', (d) => void d.accept());
    return { context, page };
  }

  async closeAll(): Promise<void> {
    for (const c of this.contexts) await c.close().catch(() => undefined);
    for (const p of this.profiles) rmSync(p, { recursive: true, force: true });
  }
}

/**
 * axe-core over the page as it is (evaluated through the DevTools protocol, which the page's CSP does not
 * govern): no serious or critical violation.
 */
export async function axeCheck(page: Page, label: string): Promise<void> {
  const loaded = await page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe === 'object');
  if (!loaded) await page.evaluate(readFileSync(AXE, 'utf8'));
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, o: object): Promise<{ violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
  });
  const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(bad, [], `${label}: axe found ${JSON.stringify(bad, null, 1)}`);
}
