import type { Address, Chain, Hex, PublicClient, TransactionReceipt, Transport } from 'viem'
import { decodeRevert, type InboxRevert } from './decodeRevert.js'

/** Why a mined tx reverted: the same call replayed at its block, decoded with the inbox ABI. */
export async function revertOf(
  client: PublicClient<Transport, Chain>,
  from: Address,
  request: { to: Address; data: Hex; gas: bigint },
  receipt: TransactionReceipt,
): Promise<InboxRevert | undefined> {
  try {
    await client.call({
      account: from,
      to: request.to,
      data: request.data,
      gas: request.gas,
      blockNumber: receipt.blockNumber,
    })
    return undefined
  } catch (error) {
    return decodeRevert(error)
  }
}
