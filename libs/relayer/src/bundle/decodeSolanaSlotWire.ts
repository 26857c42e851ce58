import { BUNDLE_WIRE_LIMITS, type BundleWireHead } from './BundleWire.js'
import type {
  SolanaSlotWire,
  SolanaSlotWireClaim,
  SolanaSlotWireSignature,
  SolanaSlotWireTransaction,
} from './SolanaSlotWire.js'
import { malformed, readHead, readTraceparent, WireReader } from './WireReader.js'

const utf8 = new TextDecoder('utf-8', { fatal: true })

function readError(r: WireReader): unknown {
  const length = r.u32('error length')
  if (length === 0) return null
  const at = r.at
  try {
    return JSON.parse(utf8.decode(r.take(length, 'error'))) as unknown
  } catch {
    throw malformed('transaction error is not JSON', at)
  }
}

function readTransactions(r: WireReader, build: boolean): SolanaSlotWireTransaction[] {
  const n = r.count('transaction count', BUNDLE_WIRE_LIMITS.solanaTransactions, 72)
  const out: SolanaSlotWireTransaction[] = []
  for (let i = 0; i < n; i++) {
    const signature = r.take(64, 'transaction signature')
    const err = readError(r)
    const wire = r.take(r.u32('transaction length'), 'transaction')
    if (build) out.push({ signature, err, wire })
  }
  return out
}

/** Reads (or with `build` false only checks) a Solana slot body after its head; the reader ends at the last byte. */
export function readSolanaSlotBody(r: WireReader, head: BundleWireHead, build: boolean): SolanaSlotWire {
  if (head.part !== 0 || head.partCount !== 1) throw malformed('a slot bundle is one part', 89)
  const hasBlockTime = r.u8('block time flag')
  r.need(8, 'block time')
  const blockTime = Number(r.view.getBigUint64(r.at))
  r.at += 8
  if (hasBlockTime > 1 || !Number.isSafeInteger(blockTime)) throw malformed('block time', r.at - 9)
  const commitment = r.take(r.u32('commitment length'), 'commitment')
  const signatureCount = r.count('signature count', BUNDLE_WIRE_LIMITS.solanaSignatures, 96)
  const signatures: SolanaSlotWireSignature[] = []
  for (let i = 0; i < signatureCount; i++) {
    const signer = r.take(32, 'signer')
    const signature = r.take(64, 'signature')
    if (build) signatures.push({ signer, signature })
  }
  const transactions = readTransactions(r, build)
  const claimCount = r.count('claim count', BUNDLE_WIRE_LIMITS.solanaTransactions, 33)
  const claims: SolanaSlotWireClaim[] = []
  for (let i = 0; i < claimCount; i++) {
    const messageId = r.take(32, 'message id')
    const traceparent = readTraceparent(r, build)
    if (build) claims.push({ messageId, traceparent })
  }
  if (r.at !== r.bytes.length) throw malformed(`${r.bytes.length - r.at} trailing bytes`, r.at)
  if (claimCount !== head.messageCount)
    throw malformed(`head counts ${head.messageCount} messages, body ${claimCount}`, 97)
  const time = hasBlockTime === 1 ? blockTime : undefined
  return { ...head, source: 'solana', blockTime: time, commitment, signatures, transactions, claims }
}

/**
 * Decodes a Solana slot bundle from its binary wire form (`BundleWire.ts`, source 1), every length checked against
 * the bytes left before it is used. Byte fields are views into `bytes`.
 *
 * @throws RelayerError `BUNDLE_MALFORMED` for anything but a well-formed Solana slot part.
 * @example
 * const { commitment, signatures, transactions } = decodeSolanaSlotWire(msg.data)
 */
export function decodeSolanaSlotWire(bytes: Uint8Array): SolanaSlotWire {
  const r = new WireReader(bytes)
  const head = readHead(r)
  if (head.source !== 'solana') throw malformed(`a ${head.source} bundle is not a Solana slot`, 101)
  return readSolanaSlotBody(r, head, true)
}
