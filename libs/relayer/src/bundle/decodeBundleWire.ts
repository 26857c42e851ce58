import { RelayerError } from '../RelayerError.js'
import {
  BUNDLE_WIRE_HEAD_BYTES,
  BUNDLE_WIRE_LIMITS,
  BUNDLE_WIRE_MAGIC,
  BUNDLE_WIRE_VERSION,
  type BundleWire,
  type BundleWireHead,
  type BundleWireLog,
  type BundleWireReceipt,
} from './BundleWire.js'

export type DecodeBundleWireReturnType = BundleWire

const utf8 = new TextDecoder('utf-8', { fatal: true })
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'))

function malformed(why: string, at: number): RelayerError {
  return new RelayerError(`Malformed bundle: ${why}`, { code: 'BUNDLE_MALFORMED', meta: { offset: at } })
}

/** Bounds-checked reads: every read past the end throws `BUNDLE_MALFORMED`, none allocates more than the input holds. */
class Reader {
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

function readHead(r: Reader): BundleWireHead {
  const magic = r.take(4, 'magic')
  if (magic.some((b, i) => b !== BUNDLE_WIRE_MAGIC[i])) throw malformed('not a relaymesh bundle', 0)
  const version = r.u8('version')
  if (version !== BUNDLE_WIRE_VERSION) throw malformed(`unknown version ${version}`, 4)
  r.need(BUNDLE_WIRE_HEAD_BYTES - 5, 'head')
  const origin = r.view.getUint32(5)
  const blockNumber = r.view.getBigUint64(9)
  const observedAt = r.view.getFloat64(81)
  if (!Number.isFinite(observedAt)) throw malformed('observedAt is not a finite number', 81)
  r.at = BUNDLE_WIRE_HEAD_BYTES
  return {
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

function readTraceparent(r: Reader, build: boolean): string | undefined {
  const kind = r.u8('traceparent kind')
  if (kind === 0) return undefined
  if (kind === 1 && !build) {
    r.skip(26, 'traceparent')
    return undefined
  }
  if (kind === 1) {
    const b = r.take(26, 'traceparent')
    let out = HEX[b[0] as number] as string // reason: 26 bytes were taken
    for (let i = 1; i < 26; i++) out += (i === 1 || i === 17 || i === 25 ? '-' : '') + (HEX[b[i] as number] as string) // reason: i < 26
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

/** Reads a receipt's logs into `out` (or only checks them when `out` is undefined); returns how many there were. */
function readLogs(r: Reader, out: BundleWireLog[] | undefined): number {
  const n = r.count('log count', BUNDLE_WIRE_LIMITS.logsPerReceipt, 6)
  for (let i = 0; i < n; i++) {
    if (out === undefined) {
      r.skip(4, 'log index')
      r.skip(r.u8('message id length'), 'message id')
      readTraceparent(r, false)
      continue
    }
    const logIndex = r.u32('log index')
    const messageId = r.take(r.u8('message id length'), 'message id')
    out.push({ logIndex, messageId, traceparent: readTraceparent(r, true) })
  }
  return n
}

function readProof(r: Reader, build: boolean): number[] {
  const length = r.u8('proof length')
  if (length > BUNDLE_WIRE_LIMITS.proof) throw malformed(`proof of ${length} nodes`, r.at - 1)
  r.need(4 * length, 'proof')
  const proof = new Array<number>(build ? length : 0)
  if (build) for (let j = 0; j < length; j++) proof[j] = r.view.getUint32(r.at + 4 * j)
  r.at += 4 * length
  return proof
}

/** Reads the receipts into `out` (or only checks them); returns the number of claimed logs. */
function readReceipts(r: Reader, out: BundleWireReceipt[] | undefined): number {
  const n = r.count('receipt count', Number.MAX_SAFE_INTEGER, 10)
  let messages = 0
  for (let i = 0; i < n; i++) {
    if (out === undefined) {
      r.skip(4, 'tx index')
      r.skip(r.u8('tx hash length'), 'tx hash')
      readProof(r, false)
      messages += readLogs(r, undefined)
      continue
    }
    const txIndex = r.u32('tx index')
    const txHash = r.take(r.u8('tx hash length'), 'tx hash')
    const proof = readProof(r, true)
    const logs: BundleWireLog[] = []
    messages += readLogs(r, logs)
    out.push({ txIndex, txHash, proof, logs })
  }
  return messages
}

function readBody(r: Reader, head: BundleWireHead, build: boolean): BundleWire {
  const header = r.take(r.u32('header length'), 'header')
  const nodeCount = r.count('node count', BUNDLE_WIRE_LIMITS.nodes, 4)
  const nodes = new Array<Uint8Array>(build ? nodeCount : 0)
  for (let i = 0; i < nodeCount; i++) {
    if (build) nodes[i] = r.take(r.u32('node length'), 'node')
    else r.skip(r.u32('node length'), 'node')
  }
  const receipts: BundleWireReceipt[] = []
  const messages = readReceipts(r, build ? receipts : undefined)
  if (r.at !== r.bytes.length) throw malformed(`${r.bytes.length - r.at} trailing bytes`, r.at)
  if (messages !== head.messageCount) throw malformed(`head counts ${head.messageCount} messages, body ${messages}`, 97)
  return { ...head, header, nodes, receipts }
}

/**
 * Decodes a bundle part from its binary wire form (see `BundleWire.ts`).
 * Every length and count is checked against the bytes left before it is
 * used, so truncated or garbage input is rejected without large allocations.
 * Byte fields are views into `bytes`.
 *
 * @throws RelayerError `BUNDLE_MALFORMED` for anything but a well-formed part.
 * @example
 * const bundle = decodeBundleWire(msg.data)
 * bundle.nodes[bundle.receipts[0].proof[0]] // the receipts trie root node
 */
export function decodeBundleWire(bytes: Uint8Array): DecodeBundleWireReturnType {
  const r = new Reader(bytes)
  return readBody(r, readHead(r), true)
}

/**
 * Checks a whole bundle part like {@link decodeBundleWire} but returns only
 * its fixed head, allocating nothing per node or message: what the
 * verifier's main thread reads before a worker decodes the part again.
 *
 * @throws RelayerError `BUNDLE_MALFORMED`, exactly when {@link decodeBundleWire} would.
 * @example
 * const { origin, blockNumber, blockHash, messageCount } = checkBundleWire(msg.data)
 */
export function checkBundleWire(bytes: Uint8Array): BundleWireHead {
  const r = new Reader(bytes)
  const head = readHead(r)
  readBody(r, head, false)
  return head
}
