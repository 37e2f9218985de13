/**
 * Connects the sign-in endpoint and the web console at start-up: Tessera's own paths /_signin/federation
 * (AWS's https://signin.aws.amazon.com/federation) and /_console/ (pages, front end, console API).
 */
import { consoleRoutes } from '../../console/routes.js';
import type { Deps } from '../../server/deps.js';
import { reservedRoutes } from '../../server/reserved.js';
import { federation } from './federation.js';

export async function wireSignin(_deps: Deps): Promise<void> {
  const console = consoleRoutes();
  reservedRoutes.set('/_signin/federation', federation);
  reservedRoutes.set('/_console', console);
  reservedRoutes.set('/_console/', console);
}
