import type { Address, Hex } from 'viem'
import type { BatchHeaderView, DecimalString, Verification } from '../ApiTypes.js'

/**
 * A cross-chain message with its uint64 nonce in decimal, so a receipt is plain JSON.
 *
 * @example
 * const m: ReceiptMessage = {
 *   version: 2,
 *   nonce: '7',
 *   origin: 1,
 *   sender,
 *   destination: 56,
 *   recipient,
 *   gasLimit: 200_000,
 *   payload: '0x',
 * }
 */
export type ReceiptMessage = {
  version: number
  nonce: DecimalString
  origin: number
  sender: Hex
  destination: number
  recipient: Hex
  gasLimit: number
  payload: Hex
}

/**
 * Everything needed to check offline that a message settled and executed,
 * as plain JSON (bigints as decimal strings), so it can be stored, sent and
 * checked anywhere with `verifySettlementReceipt`.
 *
 * Proven by the receipt itself (given a trusted relayer set): the message and
 * its id, its inclusion in the batch root, the batch header signed by the
 * relayers, and the consistency of the settlement and execution records with
 * them. Pointers, NOT proven offline (look them up on the chains to confirm;
 * `UNPROVEN_RECEIPT_FIELDS`): where the message was sent (`source.*`
 * location and `verification`, as the relayer reports them) and which
 * transactions and blocks settled and executed it.
 *
 * @example
 * const receipt: SettlementReceipt = await getSettlementReceipt(client, { id })
 * writeFileSync('receipt.json', JSON.stringify(receipt))
 */
export type SettlementReceipt = {
  /** Format of this receipt. */
  /**
   * 2 since `MessageExecuted` logs the id alone (PROTOCOL.md "Execution events"): the execution record names the inbox
   * and the id.
   */
  version: 2
  id: Hex
  message: { encoded: Hex; decoded: ReceiptMessage }
  /** How the relayers verified the source, and the finalized source block holding the `Dispatch` log. */
  source: { verification: Verification; blockNumber: DecimalString; blockHash: Hex; txHash: Hex; logIndex: number }
  batch: {
    header: BatchHeaderView
    /** EIP-712 `hashStruct(header)`. */
    batchHash: Hex
    /** The relayers' EIP-712 signatures over the header on the destination inbox's domain. */
    signatures: { signer: Address; signature: Hex }[]
  }
  /** The message's Merkle path in the batch: `count` leaves, `siblings` bottom-up. */
  proof: { leafIndex: number; count: number; siblings: Hex[] }
  /** The `submitBatch` transaction and its `BatchSubmitted` log, read from the destination chain. */
  settlement: {
    txHash: Hex
    blockNumber: DecimalString
    blockHash: Hex
    inbox: Address
    batchIndex: DecimalString
    batchHash: Hex
    root: Hex
    messageCount: number
  }
  /**
   * The executing transaction (`submitAndExecute` or `execute`) and its `MessageExecuted` log, read from
   * the destination chain. The log carries the id alone: the batch and leaf are proven by `batch` and
   * `proof`, origin and nonce by the message the id hashes.
   */
  execution: {
    txHash: Hex
    blockNumber: DecimalString
    blockHash: Hex
    logIndex: number
    inbox: Address
    id: Hex
  }
}

/**
 * Receipt fields that are pointers to public chain data, checked offline for
 * their form only (see `SettlementReceipt`).
 *
 * @example
 * console.log('look these up on chain to confirm:', UNPROVEN_RECEIPT_FIELDS.join(', '))
 */
export const UNPROVEN_RECEIPT_FIELDS = [
  'source.verification',
  'source.blockNumber',
  'source.blockHash',
  'source.txHash',
  'source.logIndex',
  'settlement.txHash',
  'settlement.blockNumber',
  'settlement.blockHash',
  'execution.txHash',
  'execution.blockNumber',
  'execution.blockHash',
  'execution.logIndex',
] as const

/**
 * The relayer set a verifier trusts for one destination inbox (from its own
 * config, or read once from the inbox's `relayers()` and `threshold()`).
 *
 * @example
 * const trusted: TrustedRelayerSet = { relayers: [r1, r2, r3], threshold: 2, inbox: '0x…', chainId: 56 }
 */
export type TrustedRelayerSet = { relayers: readonly Address[]; threshold: number; inbox: Address; chainId: number }
