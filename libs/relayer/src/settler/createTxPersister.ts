import { hexToBytes } from '@relaymesh/protocol'
import { insertOutgoingTx } from '@relaymesh/store'
import type { Hex } from 'viem'
import type { PendingTx } from './PendingTx.js'
import type { TxManagerDeps } from './TxManagerDeps.js'

/**
 * Stores a signed tx before it leaves; `replaces`: the row of the version it replaces. Returns the new row's id.
 * `txHash`: keccak of `rawTx`, computed once per signature by the caller (an execute tx's calldata is hundreds of KB).
 */
export type TxPersister = (
  p: Omit<PendingTx, 'id' | 'hashes' | 'ids'> & { txHash: Hex },
  replaces?: bigint,
) => Promise<bigint>

/**
 * Stores the signed txs of the manager's chain and sender (`outgoing_txs`).
 *
 * @example
 * const id = await createTxPersister(deps)({ nonce, request, rawTx, txHash, maxFeePerGas, maxPriorityFeePerGas })
 */
export function createTxPersister(deps: Pick<TxManagerDeps, 'db' | 'account' | 'chain'>): TxPersister {
  const fromAddress = hexToBytes(deps.account.address)
  return async (p, replaces) =>
    insertOutgoingTx(deps.db, {
      chain: deps.chain.chain.id,
      fromAddress,
      nonce: p.nonce,
      kind: p.request.kind,
      batchIndex: p.request.batchIndex,
      leafFrom: p.request.leafFrom ?? null,
      leafTo: p.request.leafTo ?? null,
      txHash: hexToBytes(p.txHash),
      rawTx: hexToBytes(p.rawTx),
      maxFeePerGas: p.maxFeePerGas,
      maxPriorityFeePerGas: p.maxPriorityFeePerGas,
      replaces,
    })
}
