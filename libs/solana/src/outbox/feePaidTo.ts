import { SYSTEM_PROGRAM_ADDRESS } from '../constants.js'
import type { NormalizedInstruction, NormalizedTransaction } from './normalizeTransaction.js'

const TRANSFER = 2 // SystemInstruction::Transfer { lamports: u64 }

function rawTransfer(ix: NormalizedInstruction): { to: string; lamports: bigint } | null {
  const { data, accounts } = ix
  if (data === null || accounts === null || data.length !== 12 || accounts.length < 2) return null
  const view = new DataView(data.buffer, data.byteOffset, data.length)
  if (view.getUint32(0, true) !== TRANSFER) return null
  return { to: accounts[1] as string, lamports: view.getBigUint64(4, true) } // reason: length checked above
}

function parsedTransfer(ix: NormalizedInstruction): { to: string; lamports: bigint } | null {
  // reason: jsonParsed shape, checked field by field
  const parsed = ix.parsed as { type?: unknown; info?: { destination?: unknown; lamports?: unknown } } | undefined
  if (parsed?.type !== 'transfer' || typeof parsed.info?.destination !== 'string') return null
  const { lamports } = parsed.info
  if (typeof lamports !== 'number' && typeof lamports !== 'bigint' && typeof lamports !== 'string') return null
  return { to: parsed.info.destination, lamports: BigInt(lamports) }
}

/**
 * Lamports moved to `feeAccount` by the transaction's top-level System
 * transfers (raw or `jsonParsed`). Pure.
 *
 * @example
 * feePaidTo(normalizeTransaction(tx), feeAccount) // 5000n
 */
export function feePaidTo(tx: NormalizedTransaction, feeAccount: string): bigint {
  let total = 0n
  for (const ix of tx.instructions) {
    if (ix.programId !== SYSTEM_PROGRAM_ADDRESS) continue
    const transfer = ix.data !== null ? rawTransfer(ix) : parsedTransfer(ix)
    if (transfer && transfer.to === feeAccount) total += transfer.lamports
  }
  return total
}
