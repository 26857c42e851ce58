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
  // Each service's code is imported only when the process runs it, so a process holds only what it runs: a watcher
  // never loads the API or the batcher, and each kind of source chain's watcher only when the process watches one of
  // its origins (the Solana client only for a Solana source). All imports finish before the first service starts, so
  // a stop asked for meanwhile starts none.
  const [watchers, verifier, batcher, settler, api] = await Promise.all([
    names.includes('watcher')
      ? import('@relaymesh/relayer/start/watcher').then((w) => w.loadSourceWatchers(ctx, { origins: config.origins }))
      : undefined,
    names.includes('verifier') ? import('@relaymesh/relayer/start/verifier') : undefined,
    names.includes('batcher') ? import('@relaymesh/relayer/start/batcher') : undefined,
    names.includes('settler') ? importSettler() : undefined,
    names.includes('api') ? import('@relaymesh/relayer/start/api') : undefined,
  ])
  if (signal.aborted) return
  const running: Promise<void>[] = []
  // Every source chain, EVM or Solana, is watched through the one interface of its kind (`SourceWatcher`).
  for (const { origin, watcher } of watchers ?? []) running.push(watcher.watch({ origin, signal }).done)
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
