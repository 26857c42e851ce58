import type { Address, Chain, Hex, PublicClient, Transport } from 'viem'
import { readReceipt } from './readReceipt.js'

/**
 * Whether another tx from the same key took the pending tx's nonce: the
 * chain has moved past the nonce and none of the tx's versions has a receipt.
 * One such reading is not proof: a node updates its account state before its
 * receipt index (anvil does, and a load-balanced RPC may answer the two reads
 * from different nodes), so the caller declares a conflict only when the
 * reading holds for a while (`TxManagerOptions.nonceConflictGraceMs`).
 */
export async function isNonceTaken(
  client: PublicClient<Transport, Chain>,
  from: Address,
  pending: { nonce: bigint; hashes: readonly Hex[] },
): Promise<boolean> {
  const mined = await client.getTransactionCount({ address: from, blockTag: 'latest' })
  if (BigInt(mined) <= pending.nonce) return false
  // The receipt may have landed between the two reads: look once more.
  return (await readReceipt(client, pending.hashes, 1)) === undefined
}
