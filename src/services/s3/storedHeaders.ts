/**
 * An object's recorded headers (its `headers` column, JSON) parsed once per distinct text: a read of an
 * object parses them for its answer (objects.ts) and for its encryption (sse.ts), and the same object is
 * often read again and again. The parsed record is frozen: callers read it, never change it.
 */
let lastText: string | undefined;
let lastParsed: Readonly<Record<string, string>> = Object.freeze({});

export function storedHeadersOf(text: string): Readonly<Record<string, string>> {
  if (text !== lastText) {
    lastParsed = Object.freeze(JSON.parse(text) as Record<string, string>);
    lastText = text;
  }
  return lastParsed;
}
