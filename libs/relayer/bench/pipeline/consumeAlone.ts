import { consume, ensureConsumer } from '@relaymesh/bus'
import { incomingBundleCodec } from '../../src/bundle/bundleCodec.js'
import type { RelayerContext } from '../../src/context/createRelayerContext.js'
import { timed, type Stage } from './timed.js'

/** Stage alone: pull every part from JetStream, decode (structure check, head) and ack, on a durable of its own. */
export async function consumeAlone(ctx: RelayerContext, parts: number): Promise<Stage> {
  const spec = { ...ctx.catalogue.consumers.verifier, durable: 'bench_drain' }
  await ensureConsumer(ctx.bus.jsm, ctx.catalogue.streams.bundles.name, spec)
  const stop = new AbortController()
  let seen = 0
  return timed(() =>
    consume(ctx.bus, {
      stream: ctx.catalogue.streams.bundles.name,
      consumer: spec.durable,
      codec: incomingBundleCodec,
      batch: 64,
      expires: 1_000,
      deadLetterSubject: ctx.catalogue.subjects.deadLetter('bench'),
      signal: stop.signal,
      handler: async (messages) => {
        seen += messages.length
        if (seen >= parts) stop.abort()
      },
    }),
  )
}
