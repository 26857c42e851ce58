import { RelayerError, type RelayerContext } from '@relaymesh/relayer/runtime'

/** The settler's code: its loop, its signer lease and the inbox follower beside it. */
export type SettlerModules = {
  acquireSettlerLease: typeof import('@relaymesh/relayer/start/settler-lease').acquireSettlerLease
  startSettler: typeof import('@relaymesh/relayer/start/settler').startSettler
  startInboxFollower: typeof import('@relaymesh/relayer/start/inbox-follower').startInboxFollower
}

/**
 * Runs the settler under its signer lease: refuses to start beside another live settler of the key, and stops if
 * the lease is lost. The settler's modules are passed in, imported only by the process that runs it.
 *
 * @throws RelayerError `SIGNER_LEASE_HELD` (fatal) when the lease is lost while the settler runs.
 *
 * @example
 * await runLeasedSettler(ctx, await importSettler(), stop.signal)
 */
export async function runLeasedSettler(
  ctx: RelayerContext,
  { acquireSettlerLease, startSettler }: Pick<SettlerModules, 'acquireSettlerLease' | 'startSettler'>,
  signal: AbortSignal,
): Promise<void> {
  const stop = new AbortController()
  const onAbort = () => stop.abort()
  signal.addEventListener('abort', onAbort, { once: true })
  let lost: Error | undefined
  const lease = await acquireSettlerLease(ctx, (error) => {
    lost = error
    stop.abort()
  })
  try {
    await startSettler(ctx, { signal: stop.signal }).done
  } finally {
    signal.removeEventListener('abort', onAbort)
    await lease.release()
  }
  if (lost) throw new RelayerError('settler lease lost', { code: 'SIGNER_LEASE_HELD', action: 'fatal', cause: lost })
}
