import type { Hex } from 'viem'
import type { PendingTx } from './PendingTx.js'
import type { TxManagerDeps } from './TxManagerDeps.js'

/** Signs a tx at the given nonce and fees. */
export type TxSigner = (p: Omit<PendingTx, 'id' | 'hashes' | 'ids' | 'rawTx'>) => Promise<Hex>

/**
 * Signs txs of the manager's chain and sender (EIP-1559).
 *
 * @example
 * const rawTx = await createTxSigner(deps)({ nonce, request, maxFeePerGas, maxPriorityFeePerGas })
 */
export function createTxSigner(deps: Pick<TxManagerDeps, 'account' | 'chain'>): TxSigner {
  const chainId = deps.chain.chain.id
  return async (p) =>
    deps.account.signTransaction({
      chainId,
      type: 'eip1559',
      nonce: Number(p.nonce),
      to: p.request.to,
      data: p.request.data,
      gas: p.request.gas,
      maxFeePerGas: p.maxFeePerGas,
      maxPriorityFeePerGas: p.maxPriorityFeePerGas,
    })
}
