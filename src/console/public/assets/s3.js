// The S3 browser: buckets, prefixes ("folders"), objects; upload, download, delete. Denials are shown as AWS
// words them.
import { all, downloadUrl, s3, s3Path, s3Query, text } from './api.js';
import { errorBox, formatBytes, h, mount, okBox, pageHead, table, when } from './ui.js';

export async function bucketsPage(flash) {
  const r = await s3('GET', '/');
  const nameInput = h('input', { placeholder: 'new-bucket-name', 'aria-label': 'New bucket name', id: 'new-bucket' });
  const create = async () => {
    const name = nameInput.value.trim();
    if (!name) return;
    const c = await s3('PUT', s3Path(name));
    await bucketsPage(c.ok ? okBox(`Created bucket ${name}.`) : errorBox(c.error));
  };
  const rows = r.ok
    ? all(r.doc, 'Bucket').map((b) => {
        const name = text(b, 'Name');
        return [h('a', { href: `#/s3/${encodeURIComponent(name)}/`, 'data-testid': 'bucket' }, name), when(text(b, 'CreationDate'))];
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
  const out = [h('a', { href: '#/s3' }, 'Buckets'), h('span', { class: 'sep' }, '/'), h('a', { href: `#/s3/${encodeURIComponent(bucket)}/` }, bucket)];
  let acc = '';
  for (const p of parts) {
    acc += p + '/';
    out.push(h('span', { class: 'sep' }, '/'), h('a', { href: `#/s3/${encodeURIComponent(bucket)}/${encodeURIComponent(acc)}` }, p));
  }
  return h('div', { class: 'crumbs' }, out);
}

// The object comes from the S3 endpoint through a presigned URL (an attachment), never from the console's
// origin: an object's content can then never run as the console.
async function download(bucket, key) {
  const r = await downloadUrl(s3Path(bucket, key));
  if (r.ok) location.assign(r.url);
  return r;
}

export async function bucketPage(bucket, prefix, flash) {
  const r = await s3('GET', s3Path(bucket), { query: s3Query({ 'list-type': '2', delimiter: '/', prefix: prefix || undefined, 'max-keys': '1000' }) });
  const reload = (box) => bucketPage(bucket, prefix, box);
  const fileInput = h('input', { type: 'file', id: 'upload-file', 'aria-label': 'File to upload' });
  const upload = async () => {
    const f = fileInput.files?.[0];
    if (!f) return;
    const key = prefix + f.name;
    const u = await s3('PUT', s3Path(bucket, key), { body: f, contentType: f.type || 'application/octet-stream' });
    await reload(u.ok ? okBox(`Uploaded ${key}.`) : errorBox(u.error));
  };
  const rows = [];
  if (r.ok) {
    for (const cp of all(r.doc, 'CommonPrefixes')) {
      const p = text(cp, 'Prefix');
      rows.push([h('a', { href: `#/s3/${encodeURIComponent(bucket)}/${encodeURIComponent(p)}`, 'data-testid': 'prefix' }, '📁 ' + p.slice(prefix.length)), '—', '—', '']);
    }
    for (const o of all(r.doc, 'Contents')) {
      const key = text(o, 'Key');
      if (key === prefix) continue;
      rows.push([
        h('span', { 'data-testid': 'object' }, key.slice(prefix.length)),
        h('td', { class: 'num' }, formatBytes(text(o, 'Size'))),
        when(text(o, 'LastModified')),
        h('td', { class: 'actions' },
          h('button', { onclick: async () => { const d = await download(bucket, key); if (!d.ok) await reload(errorBox(d.error)); } }, 'Download'), ' ',
          h('button', { class: 'danger', onclick: async () => {
            if (!confirm(`Delete ${key}?`)) return;
            const d = await s3('DELETE', s3Path(bucket, key));
            await reload(d.ok ? okBox(`Deleted ${key}.`) : errorBox(d.error));
          } }, 'Delete')),
      ]);
    }
  }
  mount(
    crumbs(bucket, prefix),
    pageHead(bucket, prefix ? `Prefix ${prefix}` : 'Objects', h('div', { class: 'row' }, fileInput, h('button', { class: 'primary', onclick: upload, id: 'upload' }, 'Upload'))),
    flash ?? null,
    r.ok ? table(['Name', 'Size', 'Last modified', ''], rows, 'This prefix is empty.') : errorBox(r.error),
  );
}
