import {
  DiscardPolicy,
  JetStreamApiError,
  RetentionPolicy,
  StorageType,
  type JetStreamManager,
  type StreamConfig,
} from '@nats-io/jetstream'
import { nanos } from '@nats-io/transport-node'
import { sleep } from '@relaymesh/errors'
import { BusError } from './BusError.js'
import { isApiError } from './isApiError.js'
import { isTransientBusError } from './isTransientBusError.js'

/** A JetStream stream as relaymesh declares it: file storage, limits retention, msg-id dedup. */
export type StreamSpec = {
  name: string
  subjects: string[]
  /** Messages older than this are dropped; 0 keeps them whatever their age (the byte limit still applies). */
  maxAgeMs: number
  maxBytes: number
  /** `Nats-Msg-Id` dedup window: a republish of the same bundle inside it is dropped. */
  duplicateWindowMs: number
  /** Largest single message; default -1 (server's max_payload). */
  maxMsgSize?: number
  replicas?: number
}

export type EnsureStreamsReturnType = { name: string; subjects: string[] }[]

/** JetStream API error: stream name already in use with a different configuration. */
const streamNameInUse = 10058
/** JetStream API error: no stream of that name (yet). */
const streamNotFound = 10059
/**
 * JetStream API error: the subjects overlap with an existing stream. Two processes creating the same stream at once
 * can get this instead of "name in use" while the winner's create is being applied; another stream owning the
 * subjects gets it too, and then the update below finds no stream of our name and the error stays fatal.
 */
const streamSubjectOverlap = 10065
/** Creates that lose a race with another process's create of the same stream are tried again this many times. */
const createAttempts = 5

/** The server-side config for a spec; exported for tests and `ensureConsumer`. */
export function streamConfigFromSpec(spec: StreamSpec): Partial<StreamConfig> & { name: string } {
  return {
    name: spec.name,
    subjects: spec.subjects,
    storage: StorageType.File,
    retention: RetentionPolicy.Limits,
    discard: DiscardPolicy.Old,
    max_age: nanos(spec.maxAgeMs),
    max_bytes: spec.maxBytes,
    max_msg_size: spec.maxMsgSize ?? -1,
    duplicate_window: nanos(spec.duplicateWindowMs),
    num_replicas: spec.replicas ?? 1,
  }
}

/**
 * Creates each stream, or updates it to the spec when it exists. Safe to call
 * repeatedly and from several processes at once: a create that loses the race
 * (or finds a different config) becomes an update.
 *
 * @example
 * const cat = createBusCatalogue({ relayerId: 'r1' })
 * await ensureStreams(bus.jsm, cat.streams.all)
 */
export async function ensureStreams(
  jsm: JetStreamManager,
  specs: readonly StreamSpec[],
): Promise<EnsureStreamsReturnType> {
  const results: EnsureStreamsReturnType = []
  for (const spec of specs) results.push(await ensureStream(jsm, spec))
  return results
}

async function ensureStream(jsm: JetStreamManager, spec: StreamSpec): Promise<{ name: string; subjects: string[] }> {
  const config = streamConfigFromSpec(spec)
  for (let attempt = 1; ; attempt++) {
    let createError: unknown
    try {
      // The server answers a create of an identical existing stream with its info.
      const info = await jsm.streams.add(config)
      return { name: info.config.name, subjects: info.config.subjects }
    } catch (error) {
      if (!isApiError(error, streamNameInUse) && !isApiError(error, streamSubjectOverlap))
        return managedElsewhere(jsm, spec, error)
      createError = error
    }
    try {
      const info = await jsm.streams.update(spec.name, config)
      return { name: info.config.name, subjects: info.config.subjects }
    } catch (error) {
      if (!isApiError(error, streamNotFound)) return managedElsewhere(jsm, spec, error)
      // No stream of our name after all: another stream owns the subjects, unless it is our create not applied yet.
      if (attempt === createAttempts) return managedElsewhere(jsm, spec, createError)
      await sleep(25 * attempt, undefined)
    }
  }
}

/**
 * A relayer with least permissions may not create or update a stream the NATS operator manages (the shared
 * mesh stream): refused by permissions (not by JetStream, whose refusals stay fatal), that stream is fine as
 * it is when it exists and carries every subject of the spec.
 */
async function managedElsewhere(
  jsm: JetStreamManager,
  spec: StreamSpec,
  cause: unknown,
): Promise<{ name: string; subjects: string[] }> {
  if (cause instanceof JetStreamApiError) throw setupError(spec, cause)
  const info = await jsm.streams.info(spec.name).catch(() => undefined)
  if (!info || !spec.subjects.every((s) => info.config.subjects.includes(s))) throw setupError(spec, cause)
  return { name: info.config.name, subjects: info.config.subjects }
}

function setupError(spec: StreamSpec, cause: unknown): BusError {
  return new BusError(`cannot create or update stream ${spec.name}`, {
    code: 'BUS_STREAM_SETUP_FAILED',
    action: isTransientBusError(cause) ? 'retry' : 'fatal',
    details: cause instanceof Error ? cause.message : String(cause),
    meta: { stream: spec.name, subjects: spec.subjects },
    cause,
  })
}
