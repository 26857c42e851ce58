import type { Logger, Telemetry } from '@relaymesh/telemetry'

/** Waits for the trace keeper's recorded roots to leave, before a pull's bundles are acknowledged. */
export type RootFlusher = { flush: () => Promise<void> }

/**
 * The trace keeper's verifier calls `flush` after storing a pull of bundles
 * and before acknowledging them: a keeper killed between storing messages and
 * exporting their roots then gets the bundles again, and `keptRootIds` exports
 * the roots on that redelivery. Only the root provider is flushed (a few
 * spans, nothing when no root was recorded). When the exporter fails (the
 * collector is down), the failure is logged once and later pulls no longer
 * wait for it, until a flush succeeds again: tracing never holds the pipeline
 * up, and spans lost to a dead collector are lost for every span alike.
 *
 * @example
 * const roots = createRootFlusher(ctx.telemetry, logger)
 * handler: async (pull) => { const failures = await handle(pull); await roots.flush(); return failures }
 */
export function createRootFlusher(
  telemetry: Pick<Telemetry, 'flushRoots'>,
  logger: Pick<Logger, 'warn' | 'info'>,
): RootFlusher {
  let failing = false
  return {
    async flush() {
      const flushing = telemetry.flushRoots()
      if (failing) {
        flushing.then(
          () => {
            failing = false
            logger.info('trace roots exported again; bundles wait for their roots once more')
          },
          () => undefined,
        )
        return
      }
      try {
        await flushing
      } catch (error) {
        failing = true
        logger.warn(
          { err: error },
          'trace roots not exported; bundles are acknowledged without waiting for them until the exporter answers',
        )
      }
    },
  }
}
