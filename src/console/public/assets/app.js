// The console shell: who you are in the top bar, a hash router, and the end of the session (the browser is
// sent back to where it came from: the federation Issuer, or the sign-in page).
import { session, signOutEverywhere } from './api.js';
import { bucketPage, bucketsPage } from './s3.js';
import { h, iamUnavailable, mount, pageHead, state, unavailablePanel } from './ui.js';

let current = null;
let rendered = false;

// The S3 browser is loaded with the shell; the other pages when first visited.
const home = () => import('./home.js');
const iam = () => import('./iam.js');
const homePage = async (s) => (await home()).homePage(s);
const myCredentialsPage = async (s) => (await import('./me.js')).myCredentialsPage(s);
const simulatorPage = async (s) => (await import('./simulator.js')).simulatorPage(s);
const whoCanPage = async () => (await import('./analysis.js')).whoCanPage();
const lazy = (name) => async (...args) => (await iam())[name](...args);
const [accountPage, groupPage, groupsPage, policiesPage, policyPage, providersPage, rolePage, rolesPage, userPage, usersPage] =
  ['accountPage', 'groupPage', 'groupsPage', 'policiesPage', 'policyPage', 'providersPage', 'rolePage', 'rolesPage', 'userPage', 'usersPage'].map(lazy);

// [pattern, nav entry, page, what it is when it needs IAM]
const routes = [
  [/^#?\/?$/, 'home', () => homePage(current)],
  [/^#\/s3\/?$/, 's3', () => bucketsPage()],
  [/^#\/s3\/([^/]+)\/?(.*)$/, 's3', (m) => bucketPage(decodeURIComponent(m[1]), decodeURIComponent(m[2]))],
  [/^#\/iam\/users\/?$/, 'users', () => usersPage(), 'User administration'],
  [/^#\/iam\/users\/(.+)$/, 'users', (m) => userPage(decodeURIComponent(m[1])), 'User administration'],
  [/^#\/iam\/groups\/?$/, 'groups', () => groupsPage(), 'Group administration'],
  [/^#\/iam\/groups\/(.+)$/, 'groups', (m) => groupPage(decodeURIComponent(m[1])), 'Group administration'],
  [/^#\/iam\/roles\/?$/, 'roles', () => rolesPage(undefined, current), 'Role administration'],
  [/^#\/iam\/roles\/(.+)$/, 'roles', (m) => rolePage(decodeURIComponent(m[1])), 'Role administration'],
  [/^#\/iam\/policies\/?$/, 'policies', () => policiesPage(), 'Policy administration'],
  [/^#\/iam\/policies\/(.+)$/, 'policies', (m) => policyPage(decodeURIComponent(m[1])), 'Policy administration'],
  [/^#\/iam\/providers\/?$/, 'providers', () => providersPage(), 'Identity provider administration'],
  [/^#\/iam\/account\/?$/, 'account', () => accountPage(), 'Account settings'],
  [/^#\/iam\/me\/?$/, 'me', () => myCredentialsPage(current), 'My security credentials'],
  [/^#\/simulator\/?$/, 'simulator', () => simulatorPage(current), 'The policy simulator'],
  [/^#\/analysis\/who-can\/?$/, 'who-can', () => whoCanPage()],
];

async function render() {
  const hash = location.hash || '#/';
  for (const [re, nav, page, needsIam] of routes) {
    const m = re.exec(hash);
    if (!m) continue;
    for (const a of document.querySelectorAll('#nav a')) {
      const on = a.dataset.nav === nav;
      a.classList.toggle('active', on);
      if (on) a.setAttribute('aria-current', 'page');
      else a.removeAttribute('aria-current');
    }
    document.body.classList.remove('nav-open');
    mount(h('p', { class: 'muted' }, 'Loading…'));
    const why = needsIam ? iamUnavailable(current) : null;
    if (why) {
      // The call would only bring back IAM's InvalidClientTokenId: say why instead, and what does work.
      mount(pageHead(needsIam, current.arn), unavailablePanel(needsIam, why), h('p', {}, h('a', { href: '#/s3' }, 'Go to S3'), ' · ', h('a', { href: '#/' }, 'Home')));
      return;
    }
    try {
      await page(m);
    } catch (e) {
      if (e?.message !== 'session ended') mount(h('div', { class: 'alert error', role: 'alert' }, String(e?.message ?? e)));
    }
    // After a navigation inside the console, focus goes to the new content (as a page load would start
    // over); the first load leaves it at the top, where the skip link is.
    if (rendered) document.getElementById('main').focus({ preventScroll: true });
    rendered = true;
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
  state.session = current;
  if (iamUnavailable(current)) {
    for (const a of document.querySelectorAll('#nav a[data-iam]')) {
      a.classList.add('unavailable');
      a.title = 'Not available to this session (IAM)';
    }
  }
  // The server's clock decides; measure it against ours once.
  const skew = current.serverTime - Date.now();
  const left = () => current.expiresAt - (Date.now() + skew);
  document.getElementById('who-name').textContent = current.arn;
  document.getElementById('who-name').title = current.arn;
  // The hash is the router's: the skip link moves the focus itself.
  document.querySelector('.skip').addEventListener('click', (e) => {
    e.preventDefault();
    document.getElementById('main').focus();
  });
  document.getElementById('logout-all').addEventListener('click', () => {
    if (window.confirm('Sign out of every console session of ' + current.arn + ', in every browser?')) signOutEverywhere();
  });
  document.getElementById('menu').addEventListener('click', () => {
    const open = document.body.classList.toggle('nav-open');
    document.getElementById('menu').setAttribute('aria-expanded', String(open));
  });
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
