import { BaseError, ResponseBodyTooLargeError } from 'viem'

export type ForEachBlockRangeParameters = {
  fromBlock: bigint
  toBlock: bigint
  /** Blocks per call at first. */ step: bigint
}

/**
 * Calls `read` over consecutive block ranges covering [fromBlock, toBlock], in order. A range whose answer exceeds
 * the client's response limit (`ResponseBodyTooLargeError`; a soak executes ~75k messages per 2,000 half-second
 * blocks, a 37 MB `eth_getLogs` answer) is read again in halves, down to one block.
 *
 * @example
 * await forEachBlockRange({ fromBlock: 0n, toBlock: head, step: 2_000n }, async (from, to) => {
 *   logs.push(...(await client.getLogs({ fromBlock: from, toBlock: to })))
 * })
 */
export async function forEachBlockRange(
  p: ForEachBlockRangeParameters,
  read: (from: bigint, to: bigint) => Promise<void>,
): Promise<void> {
  let step = p.step
  for (let from = p.fromBlock; from <= p.toBlock;) {
    const to = from + step - 1n < p.toBlock ? from + step - 1n : p.toBlock
    try {
      await read(from, to)
    } catch (error) {
      const tooLarge = error instanceof BaseError && error.walk((e) => e instanceof ResponseBodyTooLargeError) !== null
      if (!tooLarge || step === 1n) throw error
      step /= 2n
      continue
    }
    from = to + 1n
  }
}
