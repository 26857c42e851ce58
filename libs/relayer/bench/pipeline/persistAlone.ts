import { createDb, migrate } from '@relaymesh/store'
import { checkBundleWire } from '../../src/bundle/decodeBundleWire.js'
import { persistVerification } from '../../src/verifier/persistVerification.js'
import { toVerifiedBundle } from '../../src/verifier/toVerifiedBundle.js'
import type { VerifyBundleReturnType } from '../../src/verifier/verifyBundle.js'
import type { BlockBundleWire } from '../../src/watcher/buildBlockBundleWires.js'
import { pooled } from './pooled.js'
import { timed, type Stage } from './timed.js'

/**
 * Stage alone: store every verified part (8 statements in flight, the context's pool size) into a database of its own.
 */
export async function persistAlone(
  url: string,
  wires: BlockBundleWire[],
  results: VerifyBundleReturnType[],
): Promise<Stage> {
  const store = createDb({ connectionString: url, max: 8 })
  await migrate(store.db)
  try {
    return await timed(() =>
      pooled(
        results.map((result, i) => ({ result, wire: wires[i] as BlockBundleWire })),
        8,
        ({ result, wire }) =>
          persistVerification(store.db, {
            bundle: toVerifiedBundle(checkBundleWire(wire.bytes), result, 'confirmations'),
            firstDelivery: true,
          }),
      ),
    )
  } finally {
    await store.close()
  }
}
