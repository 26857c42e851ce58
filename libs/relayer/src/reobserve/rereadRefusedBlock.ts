import { numberToHex, type Hex } from 'viem'
import type { Logger } from '@relaymesh/telemetry'
import type { EndpointRotation } from '../endpoints/createEndpointRotation.js'
import type { EvmWatcherDeps, EvmWatcherOptions } from '../watcher/runEvmWatcher.js'
import { readBlockParts } from '../watcher/readBlockParts.js'
import type { RangeBlock } from '../watcher/findMessageBlocks.js'

export type RereadRefusedBlockParameters = {
  opts: EvmWatcherOptions
  deps: EvmWatcherDeps
  rotation: EndpointRotation
  logger: Logger
}

/** A block the verifier refused whole: its height, the refused hash, and why. */
export type RefusedSourceBlock = { number: bigint; hash: Hex; reasonCode: string }

export type RereadRefusedBlockReturnType = {
  /** The endpoint that served another block at that height, and that block's hash; undefined when none did. */
  from: { endpoint: string; hash: Hex; messages: number } | undefined
  /** Endpoints found serving the refused block (each now demoted). */
  liars: string[]
}

/**
 * Reads a refused block's height again from the chain's endpoints in rank order and publishes the first block there
 * that is not the refused one. An endpoint still serving the refused hash served a block the verifier's finality does
 * not hold (a forged block that hashes consistently, or its own fork): it is demoted, so the watcher's next reads go
 * elsewhere, and named in the log (its URL redacted). The block read is published like any block the watcher reads;
 * the verifier proves it from scratch. Publishing under the block's own part ids means a later pass of the watcher
 * over the same block is deduplicated.
 *
 * @example
 * await rereadRefusedBlock({ opts, deps, rotation, logger }, { number: 12n, hash, reasonCode: 'BLOCK_NOT_CANONICAL' })
 */
export async function rereadRefusedBlock(
  p: RereadRefusedBlockParameters,
  refused: RefusedSourceBlock,
): Promise<RereadRefusedBlockReturnType> {
  const at = {
    origin: p.opts.origin,
    block: refused.number.toString(),
    refused: refused.hash,
    code: refused.reasonCode,
  }
  const tried = new Set<number>()
  const liars: string[] = []
  for (let i = p.rotation.ranked()[0]; i !== undefined; i = p.rotation.ranked(tried)[0]) {
    tried.add(i)
    const rpc = p.rotation.endpoint(i)
    const header = (await rpc
      .request({ method: 'eth_getBlockByNumber', params: [numberToHex(refused.number), false] })
      .catch((err: unknown) => {
        p.logger.warn({ ...at, err, endpoint: p.rotation.describe(i) }, 'could not read a refused block again here')
        return null
      })) as RangeBlock | null
    if (!header) continue
    if (header.hash.toLowerCase() === refused.hash.toLowerCase()) {
      p.rotation.demote(i)
      liars.push(p.rotation.describe(i))
      p.logger.error(
        { ...at, endpoint: p.rotation.describe(i) },
        'an RPC endpoint serves a block the verifier refused: avoided for a while, the height is read from the next',
      )
      continue
    }
    const parts = await readBlockParts(p.opts, { ...p.deps, rpc }, header.hash, header)
    if (parts.length > 0) await p.deps.publish(parts)
    const messages = parts.reduce((n, part) => n + part.messageCount, 0)
    p.logger.warn(
      { ...at, endpoint: p.rotation.describe(i), hash: header.hash, messages },
      'read a refused block again from another RPC endpoint and published it for verification',
    )
    return { from: { endpoint: p.rotation.describe(i), hash: header.hash, messages }, liars }
  }
  p.logger.error(at, 'no RPC endpoint serves another block at the height of a refused block')
  return { from: undefined, liars }
}
