import { bloomMayContain, DISPATCH_TOPIC } from '@relaymesh/receipt-proof'
import type { Hex } from 'viem'

/**
 * Whether a block's `logsBloom` names both the Outbox address and the Dispatch topic. A block whose bloom names
 * neither cannot hold a Dispatch of the Outbox (every log's address and topics are in its block's bloom), so it needs
 * no `eth_getLogs`: its header, checked to hash to its hash, already says so.
 *
 * @example
 * mayHoldDispatch(header.logsBloom, outbox) // false for an empty block
 */
export function mayHoldDispatch(logsBloom: Hex, outbox: Hex): boolean {
  return bloomMayContain(logsBloom, outbox) && bloomMayContain(logsBloom, DISPATCH_TOPIC)
}
