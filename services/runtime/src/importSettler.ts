import type { SettlerModules } from './runLeasedSettler.js'

/**
 * Imports the settler's code (its loop, its signer lease and the inbox follower beside it), so that only a process
 * that runs the settler loads it.
 *
 * @example
 * const settler = await importSettler()
 */
export async function importSettler(): Promise<SettlerModules> {
  const [{ acquireSettlerLease }, { startSettler }, { startInboxFollower }] = await Promise.all([
    import('@relaymesh/relayer/start/settler-lease'),
    import('@relaymesh/relayer/start/settler'),
    import('@relaymesh/relayer/start/inbox-follower'),
  ])
  return { acquireSettlerLease, startSettler, startInboxFollower }
}
