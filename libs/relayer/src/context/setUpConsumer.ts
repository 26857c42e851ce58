import {
  ensureConsumer,
  retryBusSetup,
  type Bus,
  type ConsumerSpec,
  type EnsureConsumerReturnType,
} from '@relaymesh/bus'
import type { Logger } from '@relaymesh/telemetry'

/**
 * Creates or updates a durable consumer, waiting (up to a minute, logged) while JetStream does not answer: a
 * service started or restarted while NATS restarts comes up once the server is back instead of exiting.
 */
export function setUpConsumer(
  deps: { bus: Pick<Bus, 'jsm'>; logger: Logger },
  p: { stream: string; spec: ConsumerSpec; signal?: AbortSignal | undefined },
): Promise<EnsureConsumerReturnType> {
  return retryBusSetup(() => ensureConsumer(deps.bus.jsm, p.stream, p.spec), {
    signal: p.signal,
    onRetry: (err, attempt) => deps.logger.warn({ err, attempt, durable: p.spec.durable }, 'waiting for JetStream'),
  })
}
