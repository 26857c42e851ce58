// Test-only (not exported): one relayer of a local mesh run inside the test's process (watchers, verifier, batcher,
// settler, inbox follower, and the API on relayer 0), sparing the CPU of a process per relayer. Shared by the
// e2e tests that drive a whole mesh through the SDK or the explorer.
import type { StartApiParameters } from '../api/startApi.js'
import { apiDependenciesFromContext, startApi } from '../api/index.js'
import { startBatcher } from '../batcher/startBatcher.js'
import { createRelayerContext, type RelayerContext } from '../context/createRelayerContext.js'
import { startInboxFollower } from '../follower/startInboxFollower.js'
import type { LocalMesh } from '@relaymesh/devnet/local-mesh'
import { startSettler, type StartSettlerParameters } from '../settler/startSettler.js'
import { startVerifier } from '../verifier/startVerifier.js'
import { startWatcher } from '../watcher/startWatcher.js'

export type InProcessRelayer = {
  ctx: RelayerContext
  stop: AbortController
  done: Promise<unknown>[]
  apiUrl?: string | undefined
}

export type StartInProcessRelayerParameters = {
  /** The test's bus namespace (`testBusNamespace()`). */
  ns: { subjectRoot: string; streamPrefix: string }
  serviceName: string
  settler?: Omit<StartSettlerParameters, 'signal'> | undefined
  /** Relayer 0 serves the API with these parameters (host and port are 127.0.0.1:0). */
  api?: Omit<StartApiParameters, 'signal' | 'host' | 'port'> | undefined
}

/** Starts relayer `index` of `mesh` in this process; `apiUrl` is set on relayer 0. */
export async function startInProcessRelayer(
  mesh: LocalMesh,
  index: number,
  parameters: StartInProcessRelayerParameters,
): Promise<InProcessRelayer> {
  const relayer = mesh.relayers[index] as LocalMesh['relayers'][number] // reason: index < relayers.length
  const { ns } = parameters
  const ctx = await createRelayerContext({
    config: relayer.config,
    privateKey: relayer.privateKey,
    serviceName: parameters.serviceName,
    telemetryEnv: { OTEL_TRACES_EXPORTER: 'none' },
    logLevel: 'error',
    subjectRoot: ns.subjectRoot,
    streamPrefix: ns.streamPrefix,
  })
  const stop = new AbortController()
  const { signal } = stop
  const done: Promise<unknown>[] = [
    ...ctx.config.chains.map((c) => startWatcher(ctx, { origin: c.domain, signal }).done),
    startVerifier(ctx, { signal }).done,
    startBatcher(ctx, { signal }).done,
    startSettler(ctx, { ...parameters.settler, signal }).done,
    startInboxFollower(ctx, { signal, intervalMs: 100 }).done,
  ]
  if (index !== 0) return { ctx, stop, done }
  const api = await startApi(apiDependenciesFromContext(ctx), { ...parameters.api, signal, host: '127.0.0.1', port: 0 })
  return { ctx, stop, done: [...done, api.done], apiUrl: api.url }
}

/** Stops every relayer, waits for its services, then closes its context. */
export async function stopInProcessRelayers(running: readonly InProcessRelayer[]): Promise<void> {
  for (const r of running) r.stop.abort()
  await Promise.allSettled(running.flatMap((r) => r.done))
  for (const r of running) await r.ctx.close()
}
