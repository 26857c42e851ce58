/** A span as the test receiver records it. */
export type ReceivedSpan = {
  traceId: string
  spanId: string
  /** `undefined` for a root span. */
  parentSpanId: string | undefined
  name: string
  kind: number
  attributes: Record<string, unknown>
  links: { traceId: string; spanId: string; attributes: Record<string, unknown> }[]
  events: { name: string; attributes: Record<string, unknown>; timeUnixNano: string }[]
  /** `service.name` of the resource that sent it. */
  serviceName: string | undefined
  resource: Record<string, unknown>
  status: { code: number; message?: string }
  startTimeUnixNano: string
  endTimeUnixNano: string
}

type AnyValue = {
  stringValue?: string
  boolValue?: boolean
  intValue?: number | string
  doubleValue?: number
  arrayValue?: { values?: AnyValue[] }
  kvlistValue?: { values?: KeyValue[] }
  bytesValue?: string
}
type KeyValue = { key: string; value?: AnyValue }
type OtlpSpan = {
  traceId: string
  spanId: string
  parentSpanId?: string
  name: string
  kind?: number
  attributes?: KeyValue[]
  links?: { traceId: string; spanId: string; attributes?: KeyValue[] }[]
  events?: { name?: string; attributes?: KeyValue[]; timeUnixNano?: string | number }[]
  status?: { code?: number; message?: string }
  startTimeUnixNano?: string | number
  endTimeUnixNano?: string | number
}
type ExportTraceServiceRequest = {
  resourceSpans?: { resource?: { attributes?: KeyValue[] }; scopeSpans?: { spans?: OtlpSpan[] }[] }[]
}

/**
 * OTLP/JSON ids are hex (OTLP spec, "JSON Protobuf Encoding"); plain
 * protobuf-JSON would give base64. Both are accepted, lowercase hex returned.
 */
export function otlpId(id: string | undefined, bytes: 8 | 16): string | undefined {
  if (!id) return undefined
  if (id.length === bytes * 2 && /^[0-9a-fA-F]+$/.test(id)) return id.toLowerCase()
  const hex = Buffer.from(id, 'base64').toString('hex')
  return hex.length === bytes * 2 ? hex : id
}

function anyValue(v: AnyValue | undefined): unknown {
  if (!v) return undefined
  if (v.stringValue !== undefined) return v.stringValue
  if (v.boolValue !== undefined) return v.boolValue
  if (v.intValue !== undefined) return Number(v.intValue)
  if (v.doubleValue !== undefined) return v.doubleValue
  if (v.arrayValue) return (v.arrayValue.values ?? []).map(anyValue)
  if (v.kvlistValue) return attributes(v.kvlistValue.values)
  return v.bytesValue
}

function attributes(kvs: KeyValue[] | undefined): Record<string, unknown> {
  return Object.fromEntries((kvs ?? []).map((kv) => [kv.key, anyValue(kv.value)]))
}

/** Flattens an OTLP/JSON `ExportTraceServiceRequest` into spans. */
export function decodeOtlpJson(body: unknown): ReceivedSpan[] {
  const request = body as ExportTraceServiceRequest // reason: untrusted JSON, every field read defensively below
  const out: ReceivedSpan[] = []
  for (const rs of request.resourceSpans ?? []) {
    const resource = attributes(rs.resource?.attributes)
    const serviceName = typeof resource['service.name'] === 'string' ? resource['service.name'] : undefined
    for (const ss of rs.scopeSpans ?? []) {
      for (const s of ss.spans ?? []) {
        out.push({
          traceId: otlpId(s.traceId, 16) ?? '',
          spanId: otlpId(s.spanId, 8) ?? '',
          parentSpanId: otlpId(s.parentSpanId, 8),
          name: s.name,
          kind: s.kind ?? 0,
          attributes: attributes(s.attributes),
          links: (s.links ?? []).map((l) => ({
            traceId: otlpId(l.traceId, 16) ?? '',
            spanId: otlpId(l.spanId, 8) ?? '',
            attributes: attributes(l.attributes),
          })),
          events: (s.events ?? []).map((e) => ({
            name: e.name ?? '',
            attributes: attributes(e.attributes),
            timeUnixNano: String(e.timeUnixNano ?? '0'),
          })),
          serviceName,
          resource,
          status: { code: s.status?.code ?? 0, ...(s.status?.message ? { message: s.status.message } : {}) },
          startTimeUnixNano: String(s.startTimeUnixNano ?? '0'),
          endTimeUnixNano: String(s.endTimeUnixNano ?? '0'),
        })
      }
    }
  }
  return out
}
