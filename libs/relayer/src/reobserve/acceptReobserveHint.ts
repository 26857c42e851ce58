import { reobserveHintCodec, type ReobserveHint } from './ReobserveHint.js'
import type { ReobserveHintDelivery } from './ReobserverDeps.js'

/** Why a hint is not acted on. */
export type IgnoredHintReason = 'own' | 'queue-full' | 'malformed' | 'other-origin' | 'subject-mismatch'

export type AcceptReobserveHintReturnType =
  | { accept: true; hint: ReobserveHint; from: string }
  | { accept: false; reason: IgnoredHintReason; from: string; error?: unknown }

/**
 * Whether the watcher of `origin` acts on a hint delivery: not its own relayer's, not when `queued` hints already
 * wait (`max`: the next round names the same blocks again), one that decodes, for its origin, and whose subject
 * names that origin and its sender (a hint cannot speak for another relayer's subject).
 *
 * @example
 * acceptReobserveHint(delivery, { relayerId: 'r1', origin: 1, queued: 0, max: 8 }) // { accept: true, hint, ... }
 */
export function acceptReobserveHint(
  delivery: ReobserveHintDelivery,
  state: { relayerId: string; origin: number; queued: number; max: number },
): AcceptReobserveHintReturnType {
  const from = delivery.subject.split('.').at(-1) ?? ''
  if (from === state.relayerId) return { accept: false, reason: 'own', from }
  if (state.queued >= state.max) return { accept: false, reason: 'queue-full', from }
  let hint: ReobserveHint
  try {
    hint = reobserveHintCodec.decode(delivery.data, reobserveHintCodec.contentType)
  } catch (error) {
    return { accept: false, reason: 'malformed', from, error }
  }
  if (hint.origin !== state.origin) return { accept: false, reason: 'other-origin', from }
  if (!delivery.subject.endsWith(`.${hint.origin}.${from}`)) return { accept: false, reason: 'subject-mismatch', from }
  return { accept: true, hint, from }
}
