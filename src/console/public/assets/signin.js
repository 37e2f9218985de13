// The sign-in page: IAM user (account + name + password [+ MFA]) or root (access key [+ MFA]).
const $ = (id) => document.getElementById(id);
let kind = 'user';

function setKind(k) {
  kind = k;
  $('tab-user').classList.toggle('active', k === 'user');
  $('tab-root').classList.toggle('active', k === 'root');
  $('user-fields').classList.toggle('hidden', k !== 'user');
  $('root-fields').classList.toggle('hidden', k !== 'root');
  for (const id of ['account', 'userName', 'password']) $(id).required = k === 'user';
  for (const id of ['accessKeyId', 'secretAccessKey']) $(id).required = k === 'root';
  $('mfa-fields').classList.add('hidden');
  $('error').classList.add('hidden');
}

const params = new URLSearchParams(location.search);
const notice = params.has('expired') ? 'Your session has ended. Sign in again.' : params.has('loggedout') ? 'You have signed out.' : '';
if (notice) {
  $('notice').textContent = notice;
  $('notice').classList.remove('hidden');
}
$('tab-user').addEventListener('click', () => setKind('user'));
$('tab-root').addEventListener('click', () => setKind('root'));

$('signin-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const data = { kind };
  for (const el of e.target.querySelectorAll('input')) if (el.value) data[el.name] = el.value;
  $('submit').disabled = true;
  try {
    const r = await fetch('/_console/api/signin', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-tessera-console': '1' },
      body: JSON.stringify(data),
    });
    const body = await r.json();
    if (r.ok) {
      location.href = body.redirect;
      return;
    }
    if (body.mfaRequired) {
      $('mfa-fields').classList.remove('hidden');
      $('mfaCode').required = true;
      $('mfaCode').focus();
    }
    $('error').textContent = body.message || 'Sign-in failed.';
    $('error').classList.remove('hidden');
  } catch {
    $('error').textContent = 'The server could not be reached.';
    $('error').classList.remove('hidden');
  } finally {
    $('submit').disabled = false;
  }
});
