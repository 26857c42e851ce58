/**
 * Shared setup for the bus integration tests: a unique catalogue per run (so
 * parallel runs and leftovers never collide) and cleanup of its streams.
 */
import { randomBytes } from 'node:crypto'
import { BaseError, type ErrorAction } from '@relaymesh/errors'
import { createBusCatalogue, type BusCatalogue } from './catalogue.js'
import { connectBus, type Bus } from './connectBus.js'
import { createJsonCodec } from './createJsonCodec.js'

export type TestBundle = {
  origin: string
  block: bigint
  messages: { id: string; nonce: bigint; traceparent?: string }[]
}

export const testBundleCodec = createJsonCodec<TestBundle>({
  contentType: 'application/vnd.relaymesh.test-bundle+json;v=1',
  parse: (raw) => {
    // reason: test fixture, shape written by the test itself
    const r = raw as { origin: string; block: string; messages: { id: string; nonce: string; traceparent?: string }[] }
    if (typeof r.origin !== 'string' || typeof r.block !== 'string' || !Array.isArray(r.messages))
      throw new Error('not a TestBundle')
    return {
      origin: r.origin,
      block: BigInt(r.block),
      messages: r.messages.map((m) => ({ ...m, nonce: BigInt(m.nonce) })),
    }
  },
})

export function natsUrl(env: NodeJS.ProcessEnv): string {
  return env.RELAYMESH_TEST_NATS_URL ?? 'nats://127.0.0.1:4222'
}

export type Harness = { bus: Bus; cat: BusCatalogue; cleanup: () => Promise<void> }

export async function startHarness(url: string): Promise<Harness> {
  const run = randomBytes(4).toString('hex')
  const bus = await connectBus({ servers: url, name: `bus-test-${run}` })
  const cat = createBusCatalogue({
    relayerId: `t${run}`,
    subjectRoot: `rmtest${run}`,
    streamPrefix: `RMTEST${run.toUpperCase()}`,
  })
  const cleanup = async () => {
    for (const s of cat.streams.all) await bus.jsm.streams.delete(s.name).catch(() => false)
    await bus.close()
  }
  return { bus, cat, cleanup }
}

export function bundle(block: number, size = 2): TestBundle {
  return {
    origin: 'ethereum',
    block: BigInt(block) + 2n ** 70n,
    messages: Array.from({ length: size }, (_, i) => ({ id: `m-${block}-${i}`, nonce: 2n ** 64n + BigInt(i) })),
  }
}

export function testError(action: ErrorAction, code = 'TEST_FAILURE'): BaseError {
  return new BaseError(`test ${action}`, { code, action })
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}
