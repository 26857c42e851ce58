import { publish } from '@relaymesh/bus'
import { encodedBundleCodec } from '../../src/bundle/bundleCodec.js'
import { bundleMsgId } from '../../src/bundle/bundleMsgId.js'
import type { RelayerContext } from '../../src/context/createRelayerContext.js'
import type { BlockBundleWire } from '../../src/watcher/buildBlockBundleWires.js'
import { pooled } from './pooled.js'

/**
 * Publishes every part, 16 in flight; with `rate` (messages/s) a part waits for its turn, as a watcher publishes blocks
 * as they come.
 */
export async function publishAll(
  ctx: RelayerContext,
  origin: number,
  wires: BlockBundleWire[],
  rate = 0,
): Promise<void> {
  const subject = ctx.catalogue.subjects.bundles(String(origin))
  const start = performance.now()
  let offered = 0
  await pooled(wires, 16, async (w) => {
    const due = start + (offered * 1000) / rate
    offered += w.messageCount
    if (rate > 0 && due > performance.now()) await new Promise((r) => setTimeout(r, due - performance.now()))
    // The watcher stamps observedAt as it builds a part; the bench stamps it at publish, so latency counts from here.
    new DataView(w.bytes.buffer, w.bytes.byteOffset, w.bytes.byteLength).setFloat64(81, Date.now())
    return publish(ctx.bus, subject, w.bytes, {
      codec: encodedBundleCodec,
      msgId: bundleMsgId({ origin, blockHash: w.blockHash, part: w.part }),
    })
  })
}
