import type { OutgoingTx } from '@relaymesh/store'
import { bytesToHex } from '@relaymesh/protocol'
import { parseTransaction, type Address, type Hex } from 'viem'
import { RelayerError } from '../RelayerError.js'
import type { TxRequest } from './TxRequest.js'

/**
 * A tx the manager is seeing mined: its latest signed version (`id`, `rawTx`, fees) and every version at its nonce
 * (`hashes`, `ids`, oldest first), any of which the chain may include.
 */
export type PendingTx = {
  id: bigint
  nonce: bigint
  request: TxRequest
  hashes: Hex[]
  ids: bigint[]
  maxFeePerGas: bigint
  maxPriorityFeePerGas: bigint
  rawTx: Hex
}

/**
 * A persisted tx as the manager tracks it; `earlier`: its replaced versions, any of which the chain may include
 * instead.
 */
export function pendingTxFromRow(tx: OutgoingTx, earlier: readonly OutgoingTx[]): PendingTx {
  const rawTx = bytesToHex(tx.rawTx)
  const versions = [...earlier, tx]
  return {
    id: tx.id,
    nonce: tx.nonce,
    rawTx,
    hashes: versions.map((v) => bytesToHex(v.txHash)),
    ids: versions.map((v) => v.id),
    maxFeePerGas: tx.maxFeePerGas ?? 0n,
    maxPriorityFeePerGas: tx.maxPriorityFeePerGas ?? 0n,
    request: {
      kind: tx.kind,
      batchIndex: tx.batchIndex,
      leafFrom: tx.leafFrom ?? undefined,
      leafTo: tx.leafTo ?? undefined,
      ...decodeRaw(rawTx),
    },
  }
}

/** `to`, `data` and `gas` of a stored tx, needed to re-sign it with bumped fees. */
function decodeRaw(rawTx: Hex): { to: Address; data: Hex; gas: bigint } {
  const tx = parseTransaction(rawTx)
  if (!tx.to || tx.gas === undefined)
    throw new RelayerError('stored tx cannot be parsed', { code: 'CONFIG_INVALID', action: 'fatal' })
  return { to: tx.to, data: tx.data ?? '0x', gas: tx.gas }
}
