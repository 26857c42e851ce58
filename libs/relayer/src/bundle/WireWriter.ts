import { RelayerError } from '../RelayerError.js'
import {
  BUNDLE_SOURCES,
  BUNDLE_WIRE_LIMITS,
  BUNDLE_WIRE_MAGIC,
  BUNDLE_WIRE_VERSION,
  type BundleWireHead,
} from './BundleWire.js'

const utf8 = new TextEncoder()
/** The W3C version-00 form, which packs into 26 bytes and formats back to the same string. */
const PACKABLE_TRACEPARENT = /^00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/

export function invalid(why: string): RelayerError {
  return new RelayerError(`Cannot encode bundle: ${why}`, { code: 'BUNDLE_MALFORMED' })
}

export function traceparentBytes(traceparent: string | undefined): number {
  if (traceparent === undefined) return 1
  if (PACKABLE_TRACEPARENT.test(traceparent)) return 1 + 26
  return 1 + 2 + utf8.encode(traceparent).length
}

export class WireWriter {
  readonly bytes: Uint8Array
  readonly view: DataView
  at = 0
  constructor(size: number) {
    this.bytes = new Uint8Array(size)
    this.view = new DataView(this.bytes.buffer)
  }
  u8(v: number): void {
    this.view.setUint8(this.at, v)
    this.at += 1
  }
  u16(v: number): void {
    this.view.setUint16(this.at, v)
    this.at += 2
  }
  u32(v: number): void {
    if (!Number.isInteger(v) || v < 0 || v > 0xffff_ffff) throw invalid(`${v} is not a u32`)
    this.view.setUint32(this.at, v)
    this.at += 4
  }
  raw(b: Uint8Array): void {
    this.bytes.set(b, this.at)
    this.at += b.length
  }
  short(b: Uint8Array, what: string): void {
    if (b.length > 255) throw invalid(`${what} of ${b.length} bytes`)
    this.u8(b.length)
    this.raw(b)
  }
}

export function writeTraceparent(w: WireWriter, traceparent: string | undefined): void {
  if (traceparent === undefined) return w.u8(0)
  if (PACKABLE_TRACEPARENT.test(traceparent)) {
    w.u8(1)
    w.raw(Buffer.from(traceparent.replaceAll('-', ''), 'hex'))
    return
  }
  if (traceparent.length > BUNDLE_WIRE_LIMITS.traceparentChars) throw invalid('traceparent too long')
  const text = utf8.encode(traceparent)
  w.u8(2)
  w.u16(text.length)
  w.raw(text)
}

/** Writes the fixed head (the current version, with its source byte). */
export function writeHead(w: WireWriter, b: BundleWireHead): void {
  if (b.blockHash.length !== 32 || b.parentHash.length !== 32) throw invalid('block and parent hashes must be 32 bytes')
  if (b.blockNumber < 0n || b.blockNumber >= 2n ** 64n) throw invalid(`block number ${b.blockNumber}`)
  w.raw(BUNDLE_WIRE_MAGIC)
  w.u8(BUNDLE_WIRE_VERSION)
  w.u32(b.origin)
  w.view.setBigUint64(w.at, b.blockNumber)
  w.at += 8
  w.raw(b.blockHash)
  w.raw(b.parentHash)
  w.view.setFloat64(w.at, b.observedAt)
  w.at += 8
  w.u32(b.part)
  w.u32(b.partCount)
  w.u32(b.messageCount)
  w.u8(BUNDLE_SOURCES.indexOf(b.source))
}
