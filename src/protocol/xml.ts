/**
 * XML text helpers shared by the protocol codecs. Responses are written directly (no DOM): the shapes are
 * known, and escaping is the only thing that can go wrong, so it lives here once.
 */
const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  '\r': '&#13;',
};

/** What escapeXml changes: a character XML 1.0 cannot carry, or one it escapes. */
// eslint-disable-next-line no-control-regex
const NEEDS_ESCAPING = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF&<>"'\r]/;

/** Escapes text for element content or attribute values. Characters XML 1.0 cannot carry are dropped. */
export function escapeXml(text: string): string {
  // Most values need nothing: one scan decides (a listing escapes thousands of them).
  if (!NEEDS_ESCAPING.test(text)) return text;
  // eslint-disable-next-line no-control-regex
  return text
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
    .replace(/[&<>"'\r]/g, (c) => ESCAPES[c]!);
}

export const element = (name: string, text: string): string => `<${name}>${escapeXml(text)}</${name}>`;

export const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';
