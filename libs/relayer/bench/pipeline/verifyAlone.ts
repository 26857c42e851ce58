import { createVerifierPool } from '../../src/verifier/createVerifierPool.js'
import type { VerifyBundleReturnType } from '../../src/verifier/verifyBundle.js'
import type { BlockBundleWire } from '../../src/watcher/buildBlockBundleWires.js'
import type { PipelineBenchOptions } from './PipelineBenchOptions.js'
import { timed, type Stage } from './timed.js'

/** Stage alone: verify every part in the worker pool (no NATS, no Postgres). */
export async function verifyAlone(
  o: PipelineBenchOptions,
  wires: BlockBundleWire[],
): Promise<Stage & { value: VerifyBundleReturnType[] }> {
  const verifyOpts = { outbox: o.outbox, destinations: [o.destination], maxPayloadBytes: 65_536 }
  const pool = createVerifierPool({ threads: o.threads })
  // Warm the workers (tsx load, WASM compile, and the JIT: one bundle left them cold for most of a short run, as a
  // long-running verifier never is).
  await Promise.all(wires.slice(0, 8 * o.threads).map((w) => pool.verifyEvm({ wire: w.bytes, ...verifyOpts })))
  try {
    return await timed(() =>
      Promise.all(
        wires.map(async (w) => {
          const outcome = await pool.verifyEvm({ wire: w.bytes, ...verifyOpts })
          if (!outcome.ok) throw new Error(`${outcome.code}: ${outcome.message}`)
          return outcome.result
        }),
      ),
    )
  } finally {
    await pool.close()
  }
}
