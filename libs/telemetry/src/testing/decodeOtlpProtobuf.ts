/**
 * Decodes an OTLP/protobuf `ExportTraceServiceRequest`
 * (opentelemetry-proto `collector/trace/v1/trace_service.proto`) into the
 * OTLP/JSON shape `decodeOtlpJson` reads (ids as hex, 64-bit times as decimal
 * strings), so the test receiver takes both encodings of OTLP/HTTP. Only the
 * protobuf wire format (varint, 64-bit, length-delimited, 32-bit) is needed;
 * unknown fields are skipped, as protobuf requires.
 */
export function decodeOtlpProtobuf(bytes: Uint8Array): unknown {
  return { resourceSpans: repeated(bytes, 1, resourceSpans) }
}

type Field = { number: number; wireType: number; varint: bigint; bytes: Uint8Array }

/** Every field of one message, in order. */
function fields(buf: Uint8Array): Field[] {
  const out: Field[] = []
  let at = 0
  const varint = (): bigint => {
    let value = 0n
    for (let shift = 0n; ; shift += 7n) {
      if (at >= buf.length) throw new Error('protobuf: truncated varint')
      const b = buf[at++] as number // reason: bounds checked above
      value |= BigInt(b & 0x7f) << shift
      if ((b & 0x80) === 0) return value
    }
  }
  const take = (n: number): Uint8Array => {
    if (at + n > buf.length) throw new Error('protobuf: truncated field')
    const slice = buf.subarray(at, at + n)
    at += n
    return slice
  }
  while (at < buf.length) {
    const key = Number(varint())
    const field: Field = { number: key >>> 3, wireType: key & 7, varint: 0n, bytes: new Uint8Array(0) }
    if (field.wireType === 0) field.varint = varint()
    else if (field.wireType === 1) field.bytes = take(8)
    else if (field.wireType === 2) field.bytes = take(Number(varint()))
    else if (field.wireType === 5) field.bytes = take(4)
    else throw new Error(`protobuf: unsupported wire type ${field.wireType}`)
    out.push(field)
  }
  return out
}

const utf8 = new TextDecoder()
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex')
const fixed64 = (b: Uint8Array) => Buffer.from(b).readBigUInt64LE(0)

function repeated<T>(buf: Uint8Array, number: number, decode: (b: Uint8Array) => T): T[] {
  return fields(buf)
    .filter((f) => f.number === number && f.wireType === 2)
    .map((f) => decode(f.bytes))
}

function one(buf: Uint8Array, number: number): Field | undefined {
  return fields(buf).findLast((f) => f.number === number)
}

function resourceSpans(buf: Uint8Array): unknown {
  const resource = one(buf, 1)
  return {
    resource: { attributes: resource ? repeated(resource.bytes, 1, keyValue) : [] },
    scopeSpans: repeated(buf, 2, scopeSpans),
  }
}

function scopeSpans(buf: Uint8Array): unknown {
  return { spans: repeated(buf, 2, span) }
}

function span(buf: Uint8Array): unknown {
  const out: Record<string, unknown> = {}
  const lists = { attributes: [] as unknown[], events: [] as unknown[], links: [] as unknown[] }
  for (const f of fields(buf)) {
    switch (f.number) {
      case 1:
        out.traceId = hex(f.bytes)
        break
      case 2:
        out.spanId = hex(f.bytes)
        break
      case 4:
        if (f.bytes.length > 0) out.parentSpanId = hex(f.bytes)
        break
      case 5:
        out.name = utf8.decode(f.bytes)
        break
      case 6:
        out.kind = Number(f.varint)
        break
      case 7:
        out.startTimeUnixNano = fixed64(f.bytes).toString()
        break
      case 8:
        out.endTimeUnixNano = fixed64(f.bytes).toString()
        break
      case 9:
        lists.attributes.push(keyValue(f.bytes))
        break
      case 11:
        lists.events.push(event(f.bytes))
        break
      case 13:
        lists.links.push(link(f.bytes))
        break
      case 15:
        out.status = status(f.bytes)
        break
    }
  }
  return { ...out, ...lists }
}

function event(buf: Uint8Array): unknown {
  const time = one(buf, 1)
  return {
    timeUnixNano: time ? fixed64(time.bytes).toString() : '0',
    name: utf8.decode(one(buf, 2)?.bytes ?? new Uint8Array(0)),
    attributes: repeated(buf, 3, keyValue),
  }
}

function link(buf: Uint8Array): unknown {
  return {
    traceId: hex(one(buf, 1)?.bytes ?? new Uint8Array(0)),
    spanId: hex(one(buf, 2)?.bytes ?? new Uint8Array(0)),
    attributes: repeated(buf, 4, keyValue),
  }
}

function status(buf: Uint8Array): unknown {
  const message = one(buf, 2)
  return { code: Number(one(buf, 3)?.varint ?? 0n), ...(message ? { message: utf8.decode(message.bytes) } : {}) }
}

function keyValue(buf: Uint8Array): unknown {
  const value = one(buf, 2)
  return { key: utf8.decode(one(buf, 1)?.bytes ?? new Uint8Array(0)), value: value ? anyValue(value.bytes) : {} }
}

function anyValue(buf: Uint8Array): unknown {
  const f = fields(buf).at(-1)
  if (!f) return {}
  switch (f.number) {
    case 1:
      return { stringValue: utf8.decode(f.bytes) }
    case 2:
      return { boolValue: f.varint !== 0n }
    case 3:
      return { intValue: BigInt.asIntN(64, f.varint).toString() }
    case 4:
      return { doubleValue: Buffer.from(f.bytes).readDoubleLE(0) }
    case 5:
      return { arrayValue: { values: repeated(f.bytes, 1, anyValue) } }
    case 6:
      return { kvlistValue: { values: repeated(f.bytes, 1, keyValue) } }
    case 7:
      return { bytesValue: Buffer.from(f.bytes).toString('base64') }
    default:
      return {}
  }
}
