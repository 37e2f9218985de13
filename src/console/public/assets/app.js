// The console shell: who you are in the top bar, a hash router, and the end of the session (the browser is
// sent back to where it came from: the federation Issuer, or the sign-in page).
import { session } from './api.js';
import { homePage } from './home.js';
import { myCredentialsPage } from './me.js';
import { policiesPage, policyPage, rolePage, rolesPage, userPage, usersPage } from './iam.js';
import { bucketPage, bucketsPage } from './s3.js';
import { simulatorPage } from './simulator.js';
import { h, mount } from './ui.js';

let current = null;

const routes = [
  [/^#?\/?$/, 'home', () => homePage(current)],
  [/^#\/s3\/?$/, 's3', () => bucketsPage()],
  [/^#\/s3\/([^/]+)\/?(.*)$/, 's3', (m) => bucketPage(decodeURIComponent(m[1]), decodeURIComponent(m[2]))],
  [/^#\/iam\/users\/?$/, 'users', () => usersPage()],
  [/^#\/iam\/users\/(.+)$/, 'users', (m) => userPage(decodeURIComponent(m[1]))],
  [/^#\/iam\/roles\/?$/, 'roles', () => rolesPage()],
  [/^#\/iam\/roles\/(.+)$/, 'roles', (m) => rolePage(decodeURIComponent(m[1]))],
  [/^#\/iam\/policies\/?$/, 'policies', () => policiesPage()],
  [/^#\/iam\/policies\/(.+)$/, 'policies', (m) => policyPage(decodeURIComponent(m[1]))],
  [/^#\/iam\/me\/?$/, 'me', () => myCredentialsPage(current)],
  [/^#\/simulator\/?$/, 'simulator', () => simulatorPage(current)],
];

async function render() {
  const hash = location.hash || '#/';
  for (const [re, nav, page] of routes) {
    const m = re.exec(hash);
    if (!m) continue;
    for (const a of document.querySelectorAll('#nav a')) a.classList.toggle('active', a.dataset.nav === nav);
    mount(h('p', { class: 'muted' }, 'Loading…'));
    try {
      await page(m);
    } catch (e) {
      if (e?.message !== 'session ended') mount(h('div', { class: 'alert error' }, String(e?.message ?? e)));
    }
    return;
  }
  mount(h('div', { class: 'panel' }, 'No such page. ', h('a', { href: '#/' }, 'Home')));
}

function remaining(ms) {
  if (ms <= 0) return 'ended';
  const m = Math.floor(ms / 60000);
  return m >= 60 ? `${Math.floor(m / 60)} h ${m % 60} min left` : `${m} min left`;
}

async function start() {
  current = await session();
  // The server's clock decides; measure it against ours once.
  const skew = current.serverTime - Date.now();
  const left = () => current.expiresAt - (Date.now() + skew);
  document.getElementById('who-name').textContent = current.arn;
  document.getElementById('who-name').title = current.arn;
  const tick = () => {
    document.getElementById('who-expiry').textContent = remaining(left());
    // At the end, reload: the server answers with the Issuer (or the sign-in page).
    if (left() <= 0) location.replace('/_console/');
  };
  tick();
  setInterval(tick, 15_000);
  window.addEventListener('hashchange', render);
  await render();
}

start();
