import { apiDependenciesFromContext, createReadinessCheck } from '../api/createReadinessCheck.js'
import { createRelayerContext, type RelayerContext } from '../context/createRelayerContext.js'
import { RelayerError } from '../RelayerError.js'
import type { ServiceConfig } from './loadServiceConfig.js'
import { startHealthServer } from './startHealthServer.js'

export const SERVICE_NAMES = ['watcher', 'verifier', 'batcher', 'settler', 'api', 'all'] as const
export type ServiceName = (typeof SERVICE_NAMES)[number]

/** The services that sign with the relayer key: only they load it (issue 12 §3). */
export const SIGNING_SERVICES: readonly ServiceName[] = ['batcher', 'settler', 'all']

/** Whether `name` signs with the relayer key (its config reads the key; the others never do). */
export function signsWithKey(name: ServiceName): boolean {
  return SIGNING_SERVICES.includes(name)
}

/** Starts one service (or `all` of one relayer's services) on a built context; resolves when all stopped. */
export async function startServices(
  ctx: RelayerContext,
  name: ServiceName,
  config: Pick<ServiceConfig, 'origins'> & Partial<Pick<ServiceConfig, 'adminToken'>>,
  signal: AbortSignal,
): Promise<void> {
  const names: ServiceName[] = name === 'all' ? ['watcher', 'verifier', 'batcher', 'settler', 'api'] : [name]
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

/** The settler under its signer lease: refuses to start beside another live settler of the key, stops if the lease is lost. */
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

/**
 * Calls `onGone` once the watched parent is no longer this process's parent (it died; the orphan was re-parented):
 * at once when that happened before this process got here (a slow start on busy CI), else within a second.
 */
function watchParent(exitWithParent: ServiceConfig['exitWithParent'], onGone: () => void): NodeJS.Timeout | undefined {
  if (exitWithParent === undefined) return undefined
  const parent = exitWithParent === 'parent-at-start' ? process.ppid : exitWithParent
  const check = () => process.ppid !== parent && onGone()
  check()
  const watchdog = setInterval(check, 1000)
  watchdog.unref()
  return watchdog
}

/**
 * The composition root every `services/<name>/src/main.ts` calls: build the
 * context from validated config, start the service, stop cleanly on SIGTERM
 * or SIGINT (in-flight work finishes, acks are confirmed, spans flushed), or
 * when the parent that spawned it died (`exitWithParent`). A stop asked for
 * while the context was being built starts no service. A second SIGTERM
 * during the stop ends the process at once (the default action).
 */
export async function runServiceMain(name: ServiceName, config: ServiceConfig): Promise<void> {
  if (!SERVICE_NAMES.includes(name))
    throw new RelayerError(`unknown service ${name}`, { code: 'CONFIG_INVALID', action: 'fatal' })
  const stop = new AbortController()
  let reason: string | undefined
  const stopFor = (why: string) => {
    reason ??= why
    stop.abort()
  }
  const onSignal = (signal: NodeJS.Signals) => stopFor(signal)
  process.once('SIGTERM', onSignal)
  process.once('SIGINT', onSignal)
  const watchdog = watchParent(config.exitWithParent, () => stopFor('parent exited'))
  if (signsWithKey(name) && !config.privateKey)
    throw new RelayerError(`${name} signs: it needs the relayer key`, { code: 'CONFIG_INVALID', action: 'fatal' })
  const released = () => {
    clearInterval(watchdog)
    process.off('SIGTERM', onSignal)
    process.off('SIGINT', onSignal)
  }
  const ctx = await createRelayerContext({
    signal: stop.signal,
    config: config.relayer,
    // Only the signing services hold the key, even when one is configured.
    privateKey: signsWithKey(name) ? config.privateKey : undefined,
    serviceName: `relaymesh-${name}`,
    telemetryEnv: config.telemetryEnv,
    logLevel: config.logLevel,
    subjectRoot: config.subjectRoot,
    streamPrefix: config.streamPrefix,
    natsAuth: config.natsAuth,
  }).catch((error: unknown) => {
    released()
    // Stopped while it waited for Postgres: nothing started, so nothing to undo, and a stop is not a failure.
    if (stop.signal.aborted) return undefined
    throw error
  })
  if (!ctx) return
  ctx.logger.info(
    { service: name, relayer: ctx.config.relayerId, address: ctx.account.address, signs: ctx.signs },
    'relaymesh service started',
  )
  try {
    // A service started on an aborted signal may wait for an 'abort' event that already fired.
    if (!stop.signal.aborted && config.healthPort !== undefined && name !== 'api') {
      const readiness = createReadinessCheck({ db: ctx.db, bus: ctx.bus })
      await startHealthServer({
        host: '0.0.0.0',
        port: config.healthPort,
        readiness,
        service: name,
        signal: stop.signal,
      })
    }
    if (!stop.signal.aborted) await startServices(ctx, name, config, stop.signal)
  } finally {
    stopFor('service ended')
    ctx.logger.info({ service: name, reason }, 'relaymesh service stopping')
    await ctx.close()
    released()
  }
}
