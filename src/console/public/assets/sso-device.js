// IAM Identity Center's device approval: the person signs in (password, then MFA when the user has it) and
// allows or denies the user code the device showed. One call: /_console/sso/api/decide.
const $ = (id) => document.getElementById(id);
const code = new URLSearchParams(location.search).get('user_code');
if (code) $('userCode').value = code;
let decision = 'approve';
$('approve').addEventListener('click', () => (decision = 'approve'));
$('deny').addEventListener('click', () => (decision = 'deny'));

function showError(text) {
  $('error').textContent = text;
  $('error').classList.remove('hidden');
}

$('device-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  $('error').classList.add('hidden');
  const data = { decision };
  for (const el of e.target.querySelectorAll('input')) if (el.value) data[el.name] = el.value;
  for (const b of e.target.querySelectorAll('button')) b.disabled = true;
  try {
    const r = await fetch('/_console/sso/api/decide', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-tessera-console': '1' },
      body: JSON.stringify(data),
    });
    const body = await r.json();
    if (r.ok) {
      $('device-form').classList.add('hidden');
      $('done').textContent =
        body.decision === 'approve' ? 'Request approved. You can close this window and return to your device.' : 'Request denied. The device gets no access.';
      $('done').classList.remove('hidden');
      return;
    }
    if (body.mfaRequired) {
      $('mfa-fields').classList.remove('hidden');
      $('mfaCode').required = true;
      $('mfaCode').focus();
    }
    showError(body.message || 'The request failed.');
  } catch {
    showError('The server could not be reached.');
  } finally {
    for (const b of e.target.querySelectorAll('button')) b.disabled = false;
  }
});
