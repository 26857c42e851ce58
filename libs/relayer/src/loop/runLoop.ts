import { isRelaymeshError } from '@relaymesh/errors'
import type { RelayerContext } from '../context/createRelayerContext.js'
import { createWaker, type Waker } from './createWaker.js'
import { failureBackoffMs } from './failureBackoffMs.js'

/**
 * Runs `step` until `signal` aborts, sleeping `intervalMs` (or until woken)
 * between steps. A `retry`, `reject` or unclassified error is logged (a
 * rejected step is logged as an error: its input will not get better) and
 * the loop goes on after a pause that grows while steps keep failing
 * (`failureBackoffMs`); a `fatal` error stops the loop loudly.
 */
export async function runLoop(
  ctx: Pick<RelayerContext, 'logger'>,
  name: string,
  options: { signal: AbortSignal; intervalMs: number; waker?: Waker | undefined },
  step: () => Promise<boolean | void>,
): Promise<void> {
  const waker = options.waker ?? createWaker()
  let failures = 0
  while (!options.signal.aborted) {
    let again = false
    try {
      again = (await step()) === true
      failures = 0
    } catch (error) {
      if (isRelaymeshError(error) && error.action === 'fatal') throw error
      failures++
      if (isRelaymeshError(error) && error.action === 'reject')
        ctx.logger.error({ err: error, loop: name, failures }, 'step rejected')
      else ctx.logger.warn({ err: error, loop: name, failures }, 'step failed; retrying')
    }
    if (!again) await waker.sleep(failureBackoffMs(options.intervalMs, failures), options.signal)
  }
}
