import { applyServiceHeapFlags, stopOnSignals } from '@relaymesh/service-runtime'
import { readConfig } from './config.js'
import { runAttesterService } from './runAttesterService.js'

/**
 * `relaymesh attester`: one Solana committee member (libs/relayer/src/attester) that signs finalized slot
 * commitments once each and serves them to relayers. Reads its config, runs, and stops cleanly on SIGTERM or SIGINT.
 */
export async function main(): Promise<void> {
  // The relayer services get these from `openServiceContext`; the attester builds its own context.
  applyServiceHeapFlags()
  const config = readConfig()
  const stop = new AbortController()
  const release = stopOnSignals(stop)
  try {
    await runAttesterService(config, { signal: stop.signal })
  } finally {
    release()
  }
}
