import { RelayerError } from '../RelayerError.js'
import {
  BUNDLE_SOURCES,
  BUNDLE_WIRE_HEAD_BYTES,
  BUNDLE_WIRE_LIMITS,
  BUNDLE_WIRE_MAGIC,
  BUNDLE_WIRE_V1_HEAD_BYTES,
  BUNDLE_WIRE_VERSION,
  type BundleWireHead,
} from './BundleWire.js'

const utf8 = new TextDecoder('utf-8', { fatal: true })
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'))

export function malformed(why: string, at: number): RelayerError {
  return new RelayerError(`Malformed bundle: ${why}`, { code: 'BUNDLE_MALFORMED', meta: { offset: at } })
}

/**
 * Bounds-checked reads of a bundle part: every read past the end throws `BUNDLE_MALFORMED`, none allocates more than
 * the input holds.
 */
export class WireReader {
  readonly view: DataView
  at = 0
  constructor(readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  }
  need(n: number, what: string): void {
    if (this.at + n > this.bytes.length) throw malformed(`${what} runs past the end`, this.at)
  }
  u8(what: string): number {
    this.need(1, what)
    return this.view.getUint8(this.at++)
  }
  u16(what: string): number {
    this.need(2, what)
    this.at += 2
    return this.view.getUint16(this.at - 2)
  }
  u32(what: string): number {
    this.need(4, what)
    this.at += 4
    return this.view.getUint32(this.at - 4)
  }
  take(n: number, what: string): Uint8Array {
    this.need(n, what)
    this.at += n
    return this.bytes.subarray(this.at - n, this.at)
  }
  skip(n: number, what: string): void {
    this.need(n, what)
    this.at += n
  }
  /** A count whose items take at least `minBytes` each: rejected before anything is allocated for them. */
  count(what: string, limit: number, minBytes: number): number {
    const n = this.u32(what)
    if (n > limit || n * minBytes > this.bytes.length - this.at)
      throw malformed(`${what} ${n} is impossible here`, this.at - 4)
    return n
  }
}

/**
 * Reads the fixed head of a part (either version) and leaves the reader at its body.
 *
 * @throws RelayerError `BUNDLE_MALFORMED`: not a bundle, an unknown version or source, a head cut short.
 */
export function readHead(r: WireReader): BundleWireHead {
  const magic = r.take(4, 'magic')
  if (magic.some((b, i) => b !== BUNDLE_WIRE_MAGIC[i])) throw malformed('not a relaymesh bundle', 0)
  const version = r.u8('version')
  if (version !== BUNDLE_WIRE_VERSION && version !== 1) throw malformed(`unknown version ${version}`, 4)
  const headBytes = version === 1 ? BUNDLE_WIRE_V1_HEAD_BYTES : BUNDLE_WIRE_HEAD_BYTES
  r.need(headBytes - 5, 'head')
  const origin = r.view.getUint32(5)
  const blockNumber = r.view.getBigUint64(9)
  const observedAt = r.view.getFloat64(81)
  if (!Number.isFinite(observedAt)) throw malformed('observedAt is not a finite number', 81)
  const source = version === 1 ? 'evm' : BUNDLE_SOURCES[r.view.getUint8(BUNDLE_WIRE_V1_HEAD_BYTES)]
  if (source === undefined) throw malformed('unknown source', BUNDLE_WIRE_V1_HEAD_BYTES)
  r.at = headBytes
  return {
    source,
    origin,
    blockNumber,
    observedAt,
    blockHash: r.bytes.subarray(17, 49),
    parentHash: r.bytes.subarray(49, 81),
    part: r.view.getUint32(89),
    partCount: r.view.getUint32(93),
    messageCount: r.view.getUint32(97),
  }
}

export function readTraceparent(r: WireReader, build: boolean): string | undefined {
  const kind = r.u8('traceparent kind')
  if (kind === 0) return undefined
  if (kind === 1 && !build) {
    r.skip(26, 'traceparent')
    return undefined
  }
  if (kind === 1) {
    const b = r.take(26, 'traceparent')
    let out = HEX[b[0] as number] as string // reason: 26 bytes were taken
    // reason: i < 26
    for (let i = 1; i < 26; i++) out += (i === 1 || i === 17 || i === 25 ? '-' : '') + (HEX[b[i] as number] as string)
    return out
  }
  if (kind !== 2) throw malformed(`unknown traceparent kind ${kind}`, r.at - 1)
  const at = r.at
  let text: string
  try {
    text = utf8.decode(r.take(r.u16('traceparent length'), 'traceparent'))
  } catch (cause) {
    if (cause instanceof RelayerError) throw cause
    throw malformed('traceparent is not UTF-8', at)
  }
  if (text.length > BUNDLE_WIRE_LIMITS.traceparentChars) throw malformed('traceparent too long', at)
  return text
}
