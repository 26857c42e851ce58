import {
  BUNDLE_WIRE_LIMITS,
  type BundleWire,
  type BundleWireHead,
  type BundleWireLog,
  type BundleWireReceipt,
} from './BundleWire.js'
import { readSolanaSlotBody } from './decodeSolanaSlotWire.js'
import { malformed, readHead, readTraceparent, WireReader } from './WireReader.js'

export type DecodeBundleWireReturnType = BundleWire

/** Reads a receipt's logs into `out` (or only checks them when `out` is undefined); returns how many there were. */
function readLogs(r: WireReader, out: BundleWireLog[] | undefined): number {
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

function readProof(r: WireReader, build: boolean): number[] {
  const length = r.u8('proof length')
  if (length > BUNDLE_WIRE_LIMITS.proof) throw malformed(`proof of ${length} nodes`, r.at - 1)
  r.need(4 * length, 'proof')
  const proof = new Array<number>(build ? length : 0)
  if (build) for (let j = 0; j < length; j++) proof[j] = r.view.getUint32(r.at + 4 * j)
  r.at += 4 * length
  return proof
}

/** Reads the receipts into `out` (or only checks them); returns the number of claimed logs. */
function readReceipts(r: WireReader, out: BundleWireReceipt[] | undefined): number {
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

function readBody(r: WireReader, head: BundleWireHead, build: boolean): BundleWire {
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
  return { ...head, source: 'evm', header, nodes, receipts }
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
  const r = new WireReader(bytes)
  const head = readHead(r)
  if (head.source !== 'evm') throw malformed(`a ${head.source} bundle is not an EVM block`, 101)
  return readBody(r, head, true)
}

/**
 * Checks a whole bundle part of any source like {@link decodeBundleWire} (or `decodeSolanaSlotWire`) but returns only
 * its fixed head, allocating nothing per node or message: what the
 * verifier's main thread reads before a worker decodes the part again.
 *
 * @throws RelayerError `BUNDLE_MALFORMED`, exactly when {@link decodeBundleWire} would.
 * @example
 * const { origin, blockNumber, blockHash, messageCount } = checkBundleWire(msg.data)
 */
export function checkBundleWire(bytes: Uint8Array): BundleWireHead {
  const r = new WireReader(bytes)
  const head = readHead(r)
  if (head.source === 'solana') readSolanaSlotBody(r, head, false)
  else readBody(r, head, false)
  return head
}
