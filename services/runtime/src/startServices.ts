import { apiDependenciesFromContext, type RelayerContext } from '@relaymesh/relayer/runtime'
import { importSettler } from './importSettler.js'
import type { ServiceConfig } from './loadServiceConfig.js'
import { runLeasedSettler } from './runLeasedSettler.js'
import type { ServiceName } from './ServiceName.js'

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
    runs && evmOrigins.length > 0 ? import('@relaymesh/relayer/start/watcher') : undefined,
    runs && solanaOrigins.length > 0 ? import('@relaymesh/relayer/start/solana-watcher') : undefined,
    names.includes('verifier') ? import('@relaymesh/relayer/start/verifier') : undefined,
    names.includes('batcher') ? import('@relaymesh/relayer/start/batcher') : undefined,
    names.includes('settler') ? importSettler() : undefined,
    names.includes('api') ? import('@relaymesh/relayer/start/api') : undefined,
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
