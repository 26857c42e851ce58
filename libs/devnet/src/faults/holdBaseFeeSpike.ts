import { sleep } from '@relaymesh/errors'
import { formatGwei, parseGwei, type Hex } from 'viem'
import { jsonRpcBatch } from '../mesh/jsonRpcBatch.js'

export type HoldBaseFeeSpikeParameters = {
  /** The anvil chain's own RPC URL (not a relayer's proxy). */
  rpcUrl: string
  /** How long the spike holds. */
  downMs: number
  signal: AbortSignal
}

/**
 * A gas price spike on a destination: anvil's base fee is set, before every block, to 10x what it was (at least
 * 50 gwei) for `downMs`, then left to fall back by EIP-1559's 12.5% per block. Settlement transactions priced at the
 * old market stay pending until the tx manager bumps them or the fee falls; the load's own transactions are priced far
 * above (4x the node's gas price, at least 100 gwei), so the source side keeps flowing. Returns the fault's note.
 */
export async function holdBaseFeeSpike(p: HoldBaseFeeSpikeParameters): Promise<string> {
  const [latest] = (await jsonRpcBatch(p.rpcUrl, [['eth_getBlockByNumber', ['latest', false]]])) as [
    { baseFeePerGas?: Hex } | null,
  ]
  const before = BigInt(latest?.baseFeePerGas ?? '0x0')
  const spike = before * 10n > parseGwei('50') ? before * 10n : parseGwei('50')
  const until = Date.now() + p.downMs
  // anvil applies the value to the next block only: set it again faster than blocks come (0.25 to 0.5 s apart here).
  while (!p.signal.aborted && Date.now() < until) {
    await jsonRpcBatch(p.rpcUrl, [['anvil_setNextBlockBaseFeePerGas', [`0x${spike.toString(16)}`]]])
    await sleep(100, p.signal)
  }
  return `base fee held at ${formatGwei(spike)} gwei (was ${formatGwei(before)})`
}
