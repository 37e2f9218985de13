/** The `pattern` constraints of AWS's service models, compiled once each (query and restJson1 decoders). */
const patternCache = new Map<string, RegExp | null>();
export function compiledPattern(pattern: string): RegExp | null {
  let re = patternCache.get(pattern);
  if (re === undefined) {
    try {
      // Patterns come from AWS's service model (trusted data), never from requests.
      re = new RegExp(`^(?:${pattern})$`, 'su');
    } catch {
      re = null;
    }
    patternCache.set(pattern, re);
  }
  return re;
}
