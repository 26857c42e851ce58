import assert from 'node:assert/strict'
import { decodeMessage } from '@relaymesh/protocol'
import type { Bridge } from '@relaymesh/localchain'
import { outboxAbi } from '@relaymesh/evm-contracts'
import { parseEventLogs, type Hex } from 'viem'

/** A dispatched message, as its Dispatch event shows it. */
export type Sent = { id: Hex; origin: number; destination: number; nonce: bigint }

/** The messages the given transfers dispatched, from their receipts. */
export async function dispatchedBy(chain: Bridge, hashes: Hex[]): Promise<Sent[]> {
  const sent: Sent[] = []
  for (const hash of hashes) {
    const receipt = await chain.chain.publicClient.waitForTransactionReceipt({ hash })
    const [dispatch] = parseEventLogs({ abi: outboxAbi, logs: receipt.logs, eventName: 'Dispatch' })
    assert.ok(dispatch, 'transferRemote emits Dispatch')
    const m = decodeMessage(dispatch.args.message)
    sent.push({ id: dispatch.args.id, origin: m.origin, destination: m.destination, nonce: m.nonce })
  }
  return sent
}
