import type { SettlementReceipt } from './SettlementReceipt.js'
import { ReceiptVerificationError } from './ReceiptVerificationError.js'

const HEX = /^0x(?:[0-9a-fA-F]{2})*$/
const DECIMAL = /^(?:0|[1-9][0-9]{0,19})$/
const UINT64_MAX = (1n << 64n) - 1n
const VERIFICATIONS = new Set(['light-client', 'attested', 'confirmations'])

type Check = [field: string, value: unknown, test: (value: unknown) => boolean]

const hexOf =
  (...lengths: number[]) =>
  (v: unknown) =>
    typeof v === 'string' && HEX.test(v) && lengths.includes((v.length - 2) / 2)
const anyHex = (v: unknown) => typeof v === 'string' && HEX.test(v)
const uint64 = (v: unknown) => typeof v === 'string' && DECIMAL.test(v) && BigInt(v) <= UINT64_MAX
const uint32 = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 0xffffffff
const hash = hexOf(32)
const address = hexOf(20)

function checks(r: SettlementReceipt): Check[] {
  const { message, source, batch, proof, settlement, execution } = r
  return [
    ['version', r.version, (v) => v === 2],
    ['id', r.id, hash],
    ['message.encoded', message?.encoded, anyHex],
    ['message.decoded.nonce', message?.decoded?.nonce, uint64],
    // reason: Set.has takes any value
    ['source.verification', source?.verification, (v) => VERIFICATIONS.has(v as string)],
    ['source.blockNumber', source?.blockNumber, uint64],
    ['source.blockHash', source?.blockHash, hash],
    ['source.txHash', source?.txHash, hexOf(32, 64)],
    ['source.logIndex', source?.logIndex, uint32],
    ['batch.header.destination', batch?.header?.destination, uint32],
    ['batch.header.batchIndex', batch?.header?.batchIndex, uint64],
    ['batch.header.root', batch?.header?.root, hash],
    ['batch.header.messageCount', batch?.header?.messageCount, uint32],
    ['batch.header.previousBatchHash', batch?.header?.previousBatchHash, hash],
    ['batch.batchHash', batch?.batchHash, hash],
    ['batch.signatures', batch?.signatures, Array.isArray],
    ['proof.leafIndex', proof?.leafIndex, uint32],
    ['proof.count', proof?.count, uint32],
    ['proof.siblings', proof?.siblings, (v) => Array.isArray(v) && v.every(hash)],
    ['settlement.txHash', settlement?.txHash, hash],
    ['settlement.blockNumber', settlement?.blockNumber, uint64],
    ['settlement.blockHash', settlement?.blockHash, hash],
    ['settlement.inbox', settlement?.inbox, address],
    ['settlement.batchIndex', settlement?.batchIndex, uint64],
    ['settlement.batchHash', settlement?.batchHash, hash],
    ['settlement.root', settlement?.root, hash],
    ['settlement.messageCount', settlement?.messageCount, uint32],
    ['execution.txHash', execution?.txHash, hash],
    ['execution.blockNumber', execution?.blockNumber, uint64],
    ['execution.blockHash', execution?.blockHash, hash],
    ['execution.logIndex', execution?.logIndex, uint32],
    ['execution.inbox', execution?.inbox, address],
    ['execution.id', execution?.id, hash],
  ]
}

/**
 * Checks the form of every field a later check reads as a number or fixed-size
 * hex, and of the unproven pointers (their form is all that can be checked offline).
 * Header fields and decoded fields are compared against hashed data later.
 */
export function assertReceiptShape(receipt: SettlementReceipt): void {
  if (typeof receipt !== 'object' || receipt === null)
    throw new ReceiptVerificationError('RECEIPT_MALFORMED', 'the receipt is not an object')
  for (const [field, value, test] of checks(receipt)) {
    if (!test(value))
      throw new ReceiptVerificationError('RECEIPT_MALFORMED', `${field} is missing or malformed`, { field })
  }
}
