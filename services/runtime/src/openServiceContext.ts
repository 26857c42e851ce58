import { createRelayerContext, RelayerError, type RelayerContext } from '@relaymesh/relayer/runtime'
import { applyServiceHeapFlags } from './applyServiceHeapFlags.js'
import type { ServiceConfig } from './loadServiceConfig.js'
import type { ServiceName } from './ServiceName.js'
import { signsWithKey } from './signsWithKey.js'

export type OpenServiceContextParameters = {
  /** Names the process in logs, traces, NATS and Postgres (`relaymesh-<name>`): a service, or `all`. */
  name: string
  /** The services the process runs: only when one of them signs does it hold the relayer key. */
  services: readonly ServiceName[]
  config: ServiceConfig
  /** A stop asked for while it waits for Postgres or NATS: no context, and no error. */
  signal: AbortSignal
}

/**
 * The context a service process runs on, built from its validated config, or `undefined` when `signal` aborted
 * while it was being built (nothing started, so nothing to undo, and a stop is not a failure). Sets the service
 * heap flags first (`applyServiceHeapFlags`).
 *
 * @throws RelayerError `CONFIG_INVALID` when a signing service has no relayer key.
 *
 * @example
 * const ctx = await openServiceContext({ name: 'verifier', services: ['verifier'], config, signal: stop.signal })
 */
export async function openServiceContext(p: OpenServiceContextParameters): Promise<RelayerContext | undefined> {
  const { config } = p
  applyServiceHeapFlags()
  const signs = signsWithKey(p.services)
  if (signs && !config.privateKey)
    throw new RelayerError(`${p.name} signs: it needs the relayer key`, { code: 'CONFIG_INVALID', action: 'fatal' })
  try {
    return await createRelayerContext({
      signal: p.signal,
      config: config.relayer,
      // Only the signing services hold the key, even when one is configured.
      privateKey: signs ? config.privateKey : undefined,
      serviceName: `relaymesh-${p.name}`,
      telemetryEnv: config.telemetryEnv,
      logLevel: config.logLevel,
      subjectRoot: config.subjectRoot,
      streamPrefix: config.streamPrefix,
      natsAuth: config.natsAuth,
    })
  } catch (error) {
    if (p.signal.aborted) return undefined
    throw error
  }
}
