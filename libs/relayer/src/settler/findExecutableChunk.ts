import { bytesToHex } from '@relaymesh/protocol'
import type { InboxRevert } from './decodeRevert.js'

/** One candidate message of a chunk: its id (32 bytes) and where it sits in the batch. */
export type ChunkMessage = { id: Uint8Array; leafIndex: number }

/** Why `estimate` failed: the decoded inbox revert, or whether it was an execution revert at all. */
export type EstimateFailure = { revert: InboxRevert | undefined; reverted: boolean }

export type FindExecutableChunkOptions = {
  /** Most gas one execute transaction may take (estimate x margin); above it the chunk shrinks. */
  maxGas: bigint
  /** Margin applied to the estimate, in tenths (12 = x1.2). */
  gasMarginTenths: bigint
}

export const defaultFindExecutableChunkOptions: FindExecutableChunkOptions = {
  maxGas: 15_000_000n,
  gasMarginTenths: 12n,
}

/** What the settler does with its chunk this round. */
export type FindExecutableChunkReturnType<M extends ChunkMessage> =
  /** Send these messages (a prefix of the chunk) with this gas. */
  | { kind: 'execute'; messages: M[]; gas: bigint; estimates: number }
  /**
   * This message alone makes every execute revert (or cannot fit one): record it failed with `reasonCode` and select
   * again.
   */
  | { kind: 'drop'; message: M; reasonCode: DropReasonCode; revert: InboxRevert | undefined; estimates: number }
  /** The whole call fails whatever it carries (paused, unknown batch, RPC down): try again later. */
  | { kind: 'wait'; revert: InboxRevert | undefined; estimates: number }

/**
 * `EXECUTE_GAS_UNAFFORDABLE`: the message's gas limit cannot be met within one execute (the block or
 * `maxGas`); `EXECUTE_REVERTED`: an execute carrying just this message reverts for another reason.
 */
export type DropReasonCode = 'EXECUTE_GAS_UNAFFORDABLE' | 'EXECUTE_REVERTED'

/** Reverts that no choice of messages can avoid: waiting (or an operator) is the only fix. */
const WHOLE_CALL = new Set(['Paused', 'UnknownBatch', 'InvalidProof', 'LengthMismatch'])

/** The next step after a failed estimate of `chunk` (pure; `findExecutableChunk` applies it). */
export type ChunkStep =
  { kind: 'shrink'; length: number } | { kind: 'drop'; index: number; reasonCode: DropReasonCode } | { kind: 'wait' }

/**
 * Decides what to try after `chunk`'s estimate failed. A revert naming a message
 * (`InsufficientGasForRecipient(id, gasLimit)`: too little gas left for that
 * message's limit) keeps only the messages before it, or drops it when it is
 * first: then it cannot execute even alone. Any other execution revert halves
 * the chunk (bisection), down to the one message that reverts alone.
 *
 * @example
 * decideChunkStep({ revert: { errorName: 'Paused', args: [], data: '0x' }, reverted: true }, chunk) // { kind: 'wait' }
 */
export function decideChunkStep(failure: EstimateFailure, chunk: readonly ChunkMessage[]): ChunkStep {
  const { revert } = failure
  if (!failure.reverted || (revert && WHOLE_CALL.has(revert.errorName))) return { kind: 'wait' }
  if (revert?.errorName === 'InsufficientGasForRecipient') {
    // The revert names the id as hex (the inbox's ABI, decoded): compared as hex on this rare path.
    const named = String(revert.args[0]).toLowerCase()
    const at = chunk.findIndex((m) => bytesToHex(m.id) === named)
    if (at === 0) return { kind: 'drop', index: 0, reasonCode: 'EXECUTE_GAS_UNAFFORDABLE' }
    if (at > 0) return { kind: 'shrink', length: at }
  }
  if (chunk.length === 1) return { kind: 'drop', index: 0, reasonCode: 'EXECUTE_REVERTED' }
  return { kind: 'shrink', length: Math.ceil(chunk.length / 2) }
}

/**
 * Finds what of `chunk` (messages in leaf order) one execute transaction can
 * carry, so that one hostile or oversized message never stalls a destination:
 * it estimates first, and on a revert follows `decideChunkStep` until an
 * estimate passes, a message must be dropped, or the whole call must wait. A
 * passing estimate above `maxGas` halves the chunk too. Each round either
 * executes a prefix or drops one message, so the settler always progresses;
 * the cost is at most ~log2(chunk) estimates.
 *
 * @example
 * const found = await findExecutableChunk(
 *   chunk,
 *   (messages) => estimateExecute(messages),
 *   defaultFindExecutableChunkOptions,
 * )
 * if (found.kind === 'drop') await markMessagesFailed(db, { ids: [found.message.id], reasonCode: found.reasonCode })
 */
export async function findExecutableChunk<M extends ChunkMessage>(
  chunk: readonly M[],
  estimate: (messages: readonly M[]) => Promise<{ gas: bigint } | { failure: EstimateFailure }>,
  options: FindExecutableChunkOptions,
): Promise<FindExecutableChunkReturnType<M>> {
  let current = [...chunk]
  for (let estimates = 1; ; estimates++) {
    const result = await estimate(current)
    if ('gas' in result) {
      const gas = (result.gas * options.gasMarginTenths) / 10n
      if (gas <= options.maxGas) return { kind: 'execute', messages: current, gas, estimates }
      if (current.length === 1)
        return {
          kind: 'drop',
          // reason: length 1
          message: current[0] as M,
          reasonCode: 'EXECUTE_GAS_UNAFFORDABLE',
          revert: undefined,
          estimates,
        }
      current = current.slice(0, Math.ceil(current.length / 2))
      continue
    }
    const step = decideChunkStep(result.failure, current)
    if (step.kind === 'wait') return { kind: 'wait', revert: result.failure.revert, estimates }
    if (step.kind === 'drop')
      return {
        kind: 'drop',
        // reason: index within current
        message: current[step.index] as M,
        reasonCode: step.reasonCode,
        revert: result.failure.revert,
        estimates,
      }
    current = current.slice(0, step.length)
  }
}
