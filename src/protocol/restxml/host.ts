/**
 * Virtual-hosted-style requests: the bucket is the Host header's first labels before `.localhost`,
 * `.s3.localhost`, `.s3.amazonaws.com` or `.s3.<region>.amazonaws.com` (and the domain set in
 * TESSERA_S3_DOMAIN). IP addresses and bare names are path-style.
 */
const SUFFIXES = [/^(.+)\.s3\.localhost$/, /^(.+)\.localhost$/, /^(.+)\.s3(?:[.-][a-z0-9-]+)?\.amazonaws\.com$/];

/** The last answer, by host and domain: a client's requests carry the same Host. */
let last: { host: string; domain: string | undefined; bucket: string | undefined } | undefined;

/** TESSERA_S3_DOMAIN, read once: a process's environment is read from the C++ side on every access, per request here. */
const ENV_DOMAIN = process.env.TESSERA_S3_DOMAIN;

export function virtualHostBucket(host: string | undefined, domain = ENV_DOMAIN): string | undefined {
  if (!host) return undefined;
  if (last !== undefined && last.host === host && last.domain === domain) return last.bucket;
  const bucket = bucketOfHost(host, domain);
  last = { host, domain, bucket };
  return bucket;
}

function bucketOfHost(host: string, domain: string | undefined): string | undefined {
  let h = host.trim().toLowerCase();
  if (h.startsWith('[')) return undefined;
  const colon = h.lastIndexOf(':');
  if (colon >= 0) h = h.slice(0, colon);
  if (domain) {
    const d = '.' + domain.toLowerCase();
    if (h.endsWith(d) && h.length > d.length) return h.slice(0, -d.length);
  }
  for (const re of SUFFIXES) {
    const m = re.exec(h);
    if (m && m[1] !== 's3') return m[1];
  }
  return undefined;
}
