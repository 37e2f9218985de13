// The S3 browser and bucket administration: buckets (create, delete), prefixes as folders, objects (upload
// with progress, download, delete), page by page; a bucket's versioning, default encryption, tags, policy,
// CORS and public access block. Every call is a signed S3 request with this session's credentials; denials
// are shown as AWS words them.
import { all, downloadUrl, s3, s3Path, s3Query, s3Upload, text } from './api.js';
import { busy, errorBox, formatBytes, h, jsonEditor, mount, okBox, pagedTable, pageHead, POLICY_CHECKS, sure, table, tabs, when } from './ui.js';

const NS = 'http://s3.amazonaws.com/doc/2006-03-01/';
const esc = (s) => String(s).replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]);
const xml = (root, inner) => `<?xml version="1.0" encoding="UTF-8"?><${root} xmlns="${NS}">${inner}</${root}>`;
const bucketHref = (bucket, prefix = '') => `#/s3/${encodeURIComponent(bucket)}/${encodeURIComponent(prefix)}`;

export async function bucketsPage(flash) {
  const r = await s3('GET', '/');
  const nameInput = h('input', { placeholder: 'new-bucket-name', 'aria-label': 'New bucket name', id: 'new-bucket' });
  const create = busy(async () => {
    const name = nameInput.value.trim();
    if (!name) return;
    const c = await s3('PUT', s3Path(name));
    await bucketsPage(c.ok ? okBox(`Created bucket ${name}.`) : errorBox(c.error));
  });
  const rows = r.ok
    ? all(r.doc, 'Bucket').map((b) => {
        const name = text(b, 'Name');
        return [h('a', { href: bucketHref(name), 'data-testid': 'bucket', class: 'name' }, name), when(text(b, 'CreationDate'))];
      })
    : [];
  mount(
    pageHead('S3 buckets', r.ok ? `${rows.length} bucket${rows.length === 1 ? '' : 's'}` : '', h('div', { class: 'row' }, nameInput, h('button', { class: 'primary', onclick: create }, 'Create bucket'))),
    flash ?? null,
    r.ok ? table(['Name', 'Created'], rows, 'No buckets.') : errorBox(r.error),
  );
}

function crumbs(bucket, prefix) {
  const parts = prefix.split('/').filter(Boolean);
  const out = [h('a', { href: '#/s3' }, 'Buckets'), h('span', { class: 'sep' }, '/'), h('a', { href: bucketHref(bucket), class: 'name' }, bucket)];
  let acc = '';
  for (const p of parts) {
    acc += p + '/';
    out.push(h('span', { class: 'sep' }, '/'), h('a', { href: bucketHref(bucket, acc), class: 'name' }, p));
  }
  return h('nav', { class: 'crumbs', 'aria-label': 'Breadcrumb' }, out);
}

// The object comes from the S3 endpoint through a presigned URL (an attachment), never from the console's
// origin: an object's content can then never run as the console.
async function download(bucket, key) {
  const r = await downloadUrl(s3Path(bucket, key));
  if (r.ok) location.assign(r.url);
  return r;
}

export async function bucketPage(bucket, prefix, flash) {
  const reload = (box) => bucketPage(bucket, prefix, box);
  const del = busy(async () => {
    if (!sure(`Delete bucket ${bucket}? S3 refuses while it holds objects.`)) return;
    const d = await s3('DELETE', s3Path(bucket));
    if (d.ok) await bucketsPage(okBox(`Deleted bucket ${bucket}.`));
    else await reload(errorBox(d.error));
  });
  mount(
    crumbs(bucket, prefix),
    pageHead(bucket, prefix ? `Prefix ${prefix}` : 'S3 bucket', h('button', { class: 'danger', onclick: del, id: 'delete-bucket' }, 'Delete bucket')),
    flash ?? null,
    tabs('bucket', [
      ['Objects', () => objectsTab(bucket, prefix, reload)],
      ['Properties', () => propertiesTab(bucket, reload)],
      ['Permissions', () => permissionsTab(bucket, reload)],
    ]),
  );
}

/** One page of ListObjectsV2 under the prefix, folders first; the continuation token for "Load more". */
async function objectsTab(bucket, prefix, reload) {
  const fileInput = h('input', { type: 'file', id: 'upload-file', 'aria-label': 'File to upload', multiple: true });
  const progress = h('div', { class: 'upload-progress', 'aria-live': 'polite', id: 'upload-status' });
  const upload = busy(async () => {
    const files = [...(fileInput.files ?? [])];
    if (files.length === 0) return;
    const done = [];
    for (const f of files) {
      const key = prefix + f.name;
      const bar = h('progress', { max: '100', value: '0', 'aria-label': `Uploading ${f.name}` });
      const label = h('span', {}, `${f.name}: 0%`);
      progress.append(h('div', { class: 'row' }, bar, label));
      const u = await s3Upload(s3Path(bucket, key), f, (loaded, total) => {
        const pct = Math.floor((loaded / total) * 100);
        bar.value = pct;
        label.textContent = `${f.name}: ${pct}% of ${formatBytes(total)}`;
      });
      if (!u.ok) return reload(errorBox(u.error));
      done.push(key);
    }
    await reload(okBox(`Uploaded ${done.join(', ')}.`));
  });
  const folder = h('input', { id: 'new-folder', 'aria-label': 'New folder name', placeholder: 'folder-name' });
  const makeFolder = busy(async () => {
    const n = folder.value.trim().replace(/\/+$/, '');
    if (!n) return;
    const c = await s3('PUT', s3Path(bucket, `${prefix}${n}/`), { body: '' });
    await reload(c.ok ? okBox(`Created folder ${prefix}${n}/.`) : errorBox(c.error));
  });
  const list = await pagedTable(['Name', 'Size', 'Last modified', ''], async (token) => {
    const r = await s3('GET', s3Path(bucket), { query: s3Query({ 'list-type': '2', delimiter: '/', prefix: prefix || undefined, 'max-keys': '1000', 'continuation-token': token }) });
    if (!r.ok) return r;
    const rows = [];
    for (const cp of all(r.doc, 'CommonPrefixes')) {
      const p = text(cp, 'Prefix');
      rows.push([h('a', { href: bucketHref(bucket, p), 'data-testid': 'prefix', class: 'name' }, h('span', { 'aria-hidden': 'true' }, '📁 '), p.slice(prefix.length)), '—', '—', '']);
    }
    for (const o of all(r.doc, 'Contents')) {
      const key = text(o, 'Key');
      if (key === prefix) continue;
      const name = key.slice(prefix.length);
      rows.push(() => [
        h('span', { 'data-testid': 'object', class: 'name' }, name),
        h('td', { class: 'num' }, formatBytes(text(o, 'Size'))),
        when(text(o, 'LastModified')),
        h('td', { class: 'actions' },
          h('button', { 'aria-label': `Download ${name}`, onclick: busy(async () => { const d = await download(bucket, key); if (!d.ok) await reload(errorBox(d.error)); }) }, 'Download'), ' ',
          h('button', { class: 'danger', 'aria-label': `Delete ${name}`, onclick: busy(async () => {
            if (!sure(`Delete ${key}?`)) return;
            const d = await s3('DELETE', s3Path(bucket, key));
            await reload(d.ok ? okBox(`Deleted ${key}.`) : errorBox(d.error));
          }) }, 'Delete')),
      ]);
    }
    const next = text(r.doc, 'IsTruncated') === 'true' ? text(r.doc, 'NextContinuationToken') || undefined : undefined;
    return { ok: true, rows, next };
  }, 'This prefix is empty.', 'more', [52, 10, 20, 18]);
  return [
    h('div', { class: 'row toolbar' }, fileInput, h('button', { class: 'primary', onclick: upload, id: 'upload' }, 'Upload'), folder, h('button', { onclick: makeFolder, id: 'create-folder' }, 'Create folder')),
    progress,
    list.el,
  ];
}

async function propertiesTab(bucket, reload) {
  const B = s3Path(bucket);
  const [ver, enc, tags] = await Promise.all([s3('GET', B, { query: 'versioning' }), s3('GET', B, { query: 'encryption' }), s3('GET', B, { query: 'tagging' })]);
  const status = ver.ok ? text(ver.doc, 'Status') || 'Disabled' : '';
  const put = (q, body, msg) => busy(async () => {
    const r = await s3('PUT', B, { query: q, body, contentType: 'application/xml' });
    await reload(r.ok ? okBox(msg) : errorBox(r.error));
  });
  const algo = enc.ok ? text(enc.doc, 'SSEAlgorithm') : '';
  const tagRows = tags.ok ? all(tags.doc, 'Tag').map((t) => [text(t, 'Key'), text(t, 'Value')]) : [];
  const tagKey = h('input', { id: 'bucket-tag-key', 'aria-label': 'Tag key', placeholder: 'Key' });
  const tagValue = h('input', { id: 'bucket-tag-value', 'aria-label': 'Tag value', placeholder: 'Value' });
  const tagXml = (pairs) => xml('Tagging', `<TagSet>${pairs.map(([k, v]) => `<Tag><Key>${esc(k)}</Key><Value>${esc(v)}</Value></Tag>`).join('')}</TagSet>`);
  const noTags = !tags.ok && tags.error.code === 'NoSuchTagSet';
  const noEnc = !enc.ok && enc.error.code === 'ServerSideEncryptionConfigurationNotFoundError';
  return [
    h('h2', {}, 'Versioning'),
    ver.ok
      ? h('section', { class: 'panel' }, h('p', { 'data-testid': 'versioning' }, `Versioning: ${status}`),
          h('div', { class: 'row' },
            h('button', { onclick: put('versioning', xml('VersioningConfiguration', '<Status>Enabled</Status>'), 'Versioning enabled.'), id: 'versioning-enable' }, 'Enable'),
            status !== 'Disabled' ? h('button', { onclick: put('versioning', xml('VersioningConfiguration', '<Status>Suspended</Status>'), 'Versioning suspended.') }, 'Suspend') : null))
      : errorBox(ver.error),
    h('h2', {}, 'Default encryption'),
    enc.ok || noEnc
      ? h('section', { class: 'panel' }, h('p', { 'data-testid': 'encryption' }, algo ? `New objects are encrypted with ${algo}.` : 'No default encryption.'),
          h('div', { class: 'row' },
            h('button', { id: 'encryption-sse-s3', onclick: put('encryption', xml('ServerSideEncryptionConfiguration', '<Rule><ApplyServerSideEncryptionByDefault><SSEAlgorithm>AES256</SSEAlgorithm></ApplyServerSideEncryptionByDefault></Rule>'), 'Default encryption set to SSE-S3 (AES256).') }, 'Use SSE-S3 (AES256)'),
            algo ? h('button', { class: 'danger', onclick: busy(async () => { const r = await s3('DELETE', B, { query: 'encryption' }); await reload(r.ok ? okBox('Default encryption removed.') : errorBox(r.error)); }) }, 'Remove') : null))
      : errorBox(enc.error),
    h('h2', {}, 'Tags'),
    tags.ok || noTags
      ? h('section', { class: 'panel' }, table(['Key', 'Value'], tagRows, 'No tags.'),
          h('div', { class: 'row' }, tagKey, tagValue, h('button', { id: 'bucket-tag-add', onclick: busy(async () => {
            const pairs = [...tagRows.filter(([k]) => k !== tagKey.value.trim()), [tagKey.value.trim(), tagValue.value]];
            const r = await s3('PUT', B, { query: 'tagging', body: tagXml(pairs), contentType: 'application/xml' });
            await reload(r.ok ? okBox(`Tagged ${tagKey.value.trim()}.`) : errorBox(r.error));
          }) }, 'Add tag'),
          tagRows.length ? h('button', { class: 'danger', onclick: busy(async () => { const r = await s3('DELETE', B, { query: 'tagging' }); await reload(r.ok ? okBox('Tags removed.') : errorBox(r.error)); }) }, 'Remove all tags') : null))
      : errorBox(tags.error),
  ];
}

const PAB = ['BlockPublicAcls', 'IgnorePublicAcls', 'BlockPublicPolicy', 'RestrictPublicBuckets'];
const CORS_TEMPLATE = JSON.stringify([{ AllowedHeaders: ['*'], AllowedMethods: ['GET', 'PUT'], AllowedOrigins: ['https://example.com'], ExposeHeaders: ['ETag'], MaxAgeSeconds: 3000 }], null, 2);

function corsToJson(doc) {
  const list = (r, n) => all(r, n).map((x) => x.textContent);
  return JSON.stringify(all(doc, 'CORSRule').map((r) => {
    const o = { AllowedHeaders: list(r, 'AllowedHeader'), AllowedMethods: list(r, 'AllowedMethod'), AllowedOrigins: list(r, 'AllowedOrigin'), ExposeHeaders: list(r, 'ExposeHeader') };
    const age = text(r, 'MaxAgeSeconds');
    if (age) o.MaxAgeSeconds = Number(age);
    const id = text(r, 'ID');
    if (id) o.ID = id;
    return o;
  }), null, 2);
}

function corsToXml(rules) {
  const many = (tag, v) => (Array.isArray(v) ? v : v === undefined ? [] : [v]).map((x) => `<${tag}>${esc(x)}</${tag}>`).join('');
  return xml('CORSConfiguration', rules.map((r) => `<CORSRule>${r.ID ? `<ID>${esc(r.ID)}</ID>` : ''}${many('AllowedHeader', r.AllowedHeaders)}${many('AllowedMethod', r.AllowedMethods)}${many('AllowedOrigin', r.AllowedOrigins)}${many('ExposeHeader', r.ExposeHeaders)}${r.MaxAgeSeconds !== undefined ? `<MaxAgeSeconds>${esc(r.MaxAgeSeconds)}</MaxAgeSeconds>` : ''}</CORSRule>`).join(''));
}

async function permissionsTab(bucket, reload) {
  const B = s3Path(bucket);
  const [pol, pab, cors] = await Promise.all([s3('GET', B, { query: 'policy' }), s3('GET', B, { query: 'publicAccessBlock' }), s3('GET', B, { query: 'cors' })]);
  const noPolicy = !pol.ok && pol.error.code === 'NoSuchBucketPolicy';
  let policyText = '';
  if (pol.ok) {
    try {
      policyText = JSON.stringify(JSON.parse(pol.body), null, 2);
    } catch {
      policyText = pol.body;
    }
  } else if (noPolicy) {
    policyText = JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'Example', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`], Condition: { Bool: { 'aws:SecureTransport': 'false' } } }] }, null, 2);
  }
  const ed = jsonEditor('bucket-policy', noPolicy ? 'Bucket policy (none yet: an example to start from)' : 'Bucket policy', policyText, POLICY_CHECKS.bucket);
  const savePolicy = busy(async () => {
    if (!ed.check()) return;
    const r = await s3('PUT', B, { query: 'policy', body: ed.area.value, contentType: 'application/json' });
    await reload(r.ok ? okBox('Bucket policy saved.') : errorBox(r.error));
  });
  const noPab = !pab.ok && pab.error.code === 'NoSuchPublicAccessBlockConfiguration';
  const boxes = PAB.map((k) => [k, h('input', { type: 'checkbox', id: `pab-${k}`, checked: pab.ok && text(pab.doc, k) === 'true' })]);
  const savePab = busy(async () => {
    const body = xml('PublicAccessBlockConfiguration', boxes.map(([k, el]) => `<${k}>${el.checked}</${k}>`).join(''));
    const r = await s3('PUT', B, { query: 'publicAccessBlock', body, contentType: 'application/xml' });
    await reload(r.ok ? okBox('Public access block saved.') : errorBox(r.error));
  });
  const noCors = !cors.ok && cors.error.code === 'NoSuchCORSConfiguration';
  const corsEd = jsonEditor('bucket-cors', 'CORS rules (JSON, as the AWS console shows them)', cors.ok ? corsToJson(cors.doc) : CORS_TEMPLATE);
  const saveCors = busy(async () => {
    if (!corsEd.check()) return;
    const rules = JSON.parse(corsEd.area.value);
    const r = await s3('PUT', B, { query: 'cors', body: corsToXml(Array.isArray(rules) ? rules : [rules]), contentType: 'application/xml' });
    await reload(r.ok ? okBox('CORS configuration saved.') : errorBox(r.error));
  });
  const del = (q, msg) => busy(async () => { const r = await s3('DELETE', B, { query: q }); await reload(r.ok ? okBox(msg) : errorBox(r.error)); });
  return [
    h('h2', {}, 'Block public access'),
    pab.ok || noPab
      ? h('section', { class: 'panel' }, h('p', { 'data-testid': 'pab-state' }, noPab ? 'No public access block on this bucket.' : 'Public access block configured.'),
          boxes.map(([k, el]) => h('label', { class: 'check' }, el, k)),
          h('div', { class: 'row' }, h('button', { class: 'primary', onclick: savePab, id: 'save-pab' }, 'Save'), pab.ok ? h('button', { class: 'danger', onclick: del('publicAccessBlock', 'Public access block removed.') }, 'Remove') : null))
      : errorBox(pab.error),
    h('h2', {}, 'Bucket policy'),
    pol.ok || noPolicy
      ? h('section', { class: 'panel' }, h('p', { 'data-testid': 'policy-state' }, noPolicy ? 'No bucket policy.' : 'A bucket policy is in effect.'), ed.el,
          h('div', { class: 'row' }, h('button', { class: 'primary', onclick: savePolicy, id: 'save-bucket-policy' }, 'Save policy'), pol.ok ? h('button', { class: 'danger', onclick: del('policy', 'Bucket policy deleted.'), id: 'delete-bucket-policy' }, 'Delete policy') : null))
      : errorBox(pol.error),
    h('h2', {}, 'Cross-origin resource sharing (CORS)'),
    cors.ok || noCors
      ? h('section', { class: 'panel' }, h('p', { 'data-testid': 'cors-state' }, noCors ? 'No CORS configuration.' : 'CORS configured.'), corsEd.el,
          h('div', { class: 'row' }, h('button', { class: 'primary', onclick: saveCors, id: 'save-cors' }, 'Save CORS'), cors.ok ? h('button', { class: 'danger', onclick: del('cors', 'CORS configuration removed.') }, 'Remove') : null))
      : errorBox(cors.error),
  ];
}

