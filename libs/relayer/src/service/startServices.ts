import { apiDependenciesFromContext } from '../api/createReadinessCheck.js'
import type { RelayerContext } from '../context/createRelayerContext.js'
import { RelayerError } from '../RelayerError.js'
import type { ServiceConfig } from './loadServiceConfig.js'

/** The services of one relayer, each its own process in a deployment (`relaymesh <name>`). */
export const SERVICE_NAMES = ['watcher', 'verifier', 'batcher', 'settler', 'api'] as const
export type ServiceName = (typeof SERVICE_NAMES)[number]

/** The services that sign with the relayer key: only a process running one of them loads it. */
export const SIGNING_SERVICES: readonly ServiceName[] = ['batcher', 'settler']

/** Whether a process running `names` signs with the relayer key (its config reads the key; the others never do). */
export function signsWithKey(names: readonly ServiceName[]): boolean {
  return names.some((name) => SIGNING_SERVICES.includes(name))
}

/**
 * Starts the named services of one relayer on a built context; resolves when all stopped. One failing service
 * stops its siblings (it rejects, and the caller's stop aborts the others).
 *
 * @example
 * await startServices(ctx, ['verifier'], config, stop.signal)
 */
export async function startServices(
  ctx: RelayerContext,
  names: readonly ServiceName[],
  config: Pick<ServiceConfig, 'origins'> & Partial<Pick<ServiceConfig, 'adminToken'>>,
  signal: AbortSignal,
): Promise<void> {
  const evmOrigins = (config.origins ?? ctx.config.chains.map((c) => c.domain)).filter(
    (origin) => !ctx.config.solana.some((s) => s.domain === origin),
  )
  // One watcher per configured Solana source (also when `origins` names it).
  const solanaOrigins = ctx.config.solana
    .filter((s) => !config.origins || config.origins.includes(s.domain))
    .map((s) => s.domain)
  // Each service's code is imported only when the process runs it, so a process holds only what it runs: a watcher
  // never loads the API or the batcher, and the Solana client only when a Solana source is configured. All imports
  // finish before the first service starts, so a stop asked for meanwhile starts none.
  const runs = names.includes('watcher')
  const [watcher, solanaWatcher, verifier, batcher, settler, api] = await Promise.all([
    runs && evmOrigins.length > 0 ? import('../watcher/startWatcher.js') : undefined,
    runs && solanaOrigins.length > 0 ? import('../solana/startSolanaWatcher.js') : undefined,
    names.includes('verifier') ? import('../verifier/startVerifier.js') : undefined,
    names.includes('batcher') ? import('../batcher/startBatcher.js') : undefined,
    names.includes('settler') ? importSettler() : undefined,
    names.includes('api') ? import('../api/startApi.js') : undefined,
  ])
  if (signal.aborted) return
  const running: Promise<void>[] = []
  if (watcher) for (const origin of evmOrigins) running.push(watcher.startWatcher(ctx, { origin, signal }).done)
  if (solanaWatcher)
    for (const origin of solanaOrigins) running.push(solanaWatcher.startSolanaWatcher(ctx, { origin, signal }).done)
  if (verifier) running.push(verifier.startVerifier(ctx, { signal }).done)
  if (batcher) running.push(batcher.startBatcher(ctx, { signal }).done)
  if (settler) running.push(runLeasedSettler(ctx, settler, signal), settler.startInboxFollower(ctx, { signal }).done)
  if (api)
    running.push(
      (
        await api.startApi(apiDependenciesFromContext(ctx, { adminToken: config.adminToken }), {
          signal,
          ...ctx.config.api,
        })
      ).done,
    )
  // One failing service stops its siblings: a half-running relayer is worse than a loud restart.
  await Promise.all(
    running.map((p) =>
      p.catch((error: unknown) => {
        ctx.logger.fatal({ err: error }, 'service failed')
        throw error
      }),
    ),
  )
}

type SettlerModules = Awaited<ReturnType<typeof importSettler>>

/** The settler's code: its loop, its signer lease and the inbox follower beside it. */
async function importSettler() {
  const [{ acquireSettlerLease }, { startSettler }, { startInboxFollower }] = await Promise.all([
    import('../settler/acquireSettlerLease.js'),
    import('../settler/startSettler.js'),
    import('../follower/startInboxFollower.js'),
  ])
  return { acquireSettlerLease, startSettler, startInboxFollower }
}

/**
 * The settler under its signer lease: refuses to start beside another live settler of the key, stops if the lease is
 * lost.
 */
async function runLeasedSettler(
  ctx: RelayerContext,
  { acquireSettlerLease, startSettler }: SettlerModules,
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
