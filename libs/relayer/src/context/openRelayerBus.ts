import {
  connectBus,
  createBusCatalogue,
  ensureStreams,
  retryBusSetup,
  type Bus,
  type BusAuth,
  type BusCatalogue,
} from '@relaymesh/bus'
import type { Logger } from '@relaymesh/telemetry'
import type { RelayerConfig } from '../config/relayerConfigSchema.js'
import { setUpConsumer } from './setUpConsumer.js'

export type OpenRelayerBusParameters = {
  config: Pick<RelayerConfig, 'relayerId' | 'natsUrl' | 'nats'>
  /** The NATS connection's name is `<connectionName>-<relayerId>`. */
  connectionName: string
  subjectRoot?: string | undefined
  streamPrefix?: string | undefined
  auth?: BusAuth | undefined
  /** Aborting ends the waits for JetStream. */
  signal?: AbortSignal | undefined
}

/**
 * Connects NATS and sets up the relayer's streams and durable consumers (idempotently), waiting while NATS or
 * JetStream is not there yet (a restart, a store still recovering), as the services wait for Postgres.
 *
 * @example
 * const { bus, catalogue } = await openRelayerBus(logger, { config, connectionName: 'relaymesh-verifier' })
 */
export async function openRelayerBus(
  logger: Logger,
  p: OpenRelayerBusParameters,
): Promise<{ bus: Bus; catalogue: BusCatalogue }> {
  const { config } = p
  const bus = await connectBus({
    servers: config.natsUrl,
    name: `${p.connectionName}-${config.relayerId}`,
    auth: p.auth,
    onConnectRetry: (err, attempt) => logger.warn({ err, attempt }, 'waiting for NATS'),
  })
  const catalogue = createBusCatalogue({
    relayerId: config.relayerId,
    subjectRoot: p.subjectRoot,
    streamPrefix: p.streamPrefix,
    replicas: config.nats?.replicas,
  })
  await retryBusSetup(() => ensureStreams(bus.jsm, catalogue.streams.all), {
    signal: p.signal,
    onRetry: (err, attempt) => logger.warn({ err, attempt }, 'waiting for JetStream'),
  })
  for (const [name, spec] of Object.entries(catalogue.consumers)) {
    const stream =
      name === 'proposals' || name === 'signatures' ? catalogue.streams.mesh.name : catalogue.streams.bundles.name
    await setUpConsumer({ bus, logger }, { stream, spec, signal: p.signal })
  }
  return { bus, catalogue }
}
