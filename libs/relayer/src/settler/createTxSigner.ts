import { keccak256 } from '@relaymesh/protocol'
import {
  bytesToHex,
  hexToBytes,
  parseSignature,
  serializeTransaction,
  type Hex,
  type TransactionSerializableEIP1559,
} from 'viem'
import type { PendingTx } from './PendingTx.js'
import type { TxManagerDeps } from './TxManagerDeps.js'

/** Signs a tx at the given nonce and fees. */
export type TxSigner = (p: Omit<PendingTx, 'id' | 'hashes' | 'ids' | 'rawTx'>) => Promise<Hex>

/**
 * Signs txs of the manager's chain and sender (EIP-1559). What viem's `signTransaction` does (sign keccak256 of the
 * unsigned serialisation, then serialise with the signature), with the hash on the WebAssembly kernel: a settlement
 * tx carries its batch's messages as calldata (hundreds of kB), which viem's JavaScript keccak hashed about 20 times
 * slower. An account that cannot sign a raw hash (one that holds no key) signs through its own `signTransaction`.
 *
 * @example
 * const rawTx = await createTxSigner(deps)({ nonce, request, maxFeePerGas, maxPriorityFeePerGas })
 */
export function createTxSigner(deps: Pick<TxManagerDeps, 'account' | 'chain'>): TxSigner {
  const chainId = deps.chain.chain.id
  const { account } = deps
  return async (p) => {
    const tx: TransactionSerializableEIP1559 = {
      chainId,
      type: 'eip1559',
      nonce: Number(p.nonce),
      to: p.request.to,
      data: p.request.data,
      gas: p.request.gas,
      maxFeePerGas: p.maxFeePerGas,
      maxPriorityFeePerGas: p.maxPriorityFeePerGas,
    }
    if (!account.sign) return account.signTransaction(tx)
    const hash = bytesToHex(keccak256(hexToBytes(serializeTransaction(tx))))
    return serializeTransaction(tx, parseSignature(await account.sign({ hash })))
  }
}
