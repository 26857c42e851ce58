import type { ReceivedSpan } from './decodeOtlpJson.js'

/**
 * JSON with object keys sorted at every level: equal for spans equal in content, whatever the order of their
 * attributes.
 */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      // reason: a non-null, non-array object
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`
  }
  return JSON.stringify(value) ?? 'undefined'
}

/**
 * The spans as Jaeger's query shows them: a span exported again with the same
 * resource and the same content to the byte (ids, name, times, attributes,
 * events, links, status) counts once, as Jaeger's `DeduplicateSpans` adjuster
 * (one of its standard query adjusters) drops copies that hash alike. Copies
 * that differ in anything stay, and `checkTraceTrees` reports them.
 *
 * @example
 * const shown = dedupeIdenticalSpans(receiver.spans())
 */
export function dedupeIdenticalSpans(spans: readonly ReceivedSpan[]): ReceivedSpan[] {
  const seen = new Set<string>()
  return spans.filter((s) => {
    const key = canonical(s)
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}
