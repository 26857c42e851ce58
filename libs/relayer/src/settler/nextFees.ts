import type { Chain, PublicClient, Transport } from 'viem'

/**
 * Current fees; when replacing, at least 12.5% above the previous ones (nodes' replacement rule) and never below the
 * market.
 */
export async function nextFees(
  client: PublicClient<Transport, Chain>,
  previous: { maxFeePerGas: bigint; maxPriorityFeePerGas: bigint } | undefined,
): Promise<{ maxFeePerGas: bigint; maxPriorityFeePerGas: bigint }> {
  const market = await client.estimateFeesPerGas({ type: 'eip1559' })
  if (!previous) return { maxFeePerGas: market.maxFeePerGas, maxPriorityFeePerGas: market.maxPriorityFeePerGas }
  const bumped = (v: bigint) => (v * 1125n + 999n) / 1000n + 1n
  const max = (a: bigint, b: bigint) => (a > b ? a : b)
  const maxPriorityFeePerGas = max(bumped(previous.maxPriorityFeePerGas), market.maxPriorityFeePerGas)
  const maxFeePerGas = max(max(bumped(previous.maxFeePerGas), market.maxFeePerGas), maxPriorityFeePerGas)
  return { maxFeePerGas, maxPriorityFeePerGas }
}
