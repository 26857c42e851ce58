/** Why the batch goes the two-step way (`submitBatch`, then `execute`) instead of one `submitAndExecute`. */
export type OneShotRefusal = 'MESSAGES_INCOMPLETE' | 'ESTIMATE_REVERTED' | 'OVER_MAX_GAS'

/** What the settler knows of a signed batch while it chooses how to settle it. */
export type SettlementModeState = {
  /** The batch's message count, as recorded with the batch. */
  messageCount: number
  /** `leaf_index` of each stored message row, in the store's order. */
  leafIndexes: readonly number[]
  /**
   * The inbox's `submitAndExecute` gas estimate, once asked for (only when the messages are complete): the gas, or
   * the decoded revert's error name when it reverted.
   */
  estimate?: SettlementEstimate | undefined
}

/** The outcome of the inbox's `submitAndExecute` gas estimate. */
export type SettlementEstimate = { ok: true; gas: bigint } | { ok: false; revert: string | undefined }

export type SettlementModeOptions = {
  /** Most gas the transaction may take, margin included (the settler's `maxGas`). */
  maxGas: bigint
  /** Margin applied to the estimate, in tenths (12 = x1.2). */
  gasMarginTenths: bigint
}

export type SettlementModeDecision =
  /** The messages are complete: ask the inbox for the one-shot estimate, then decide again with it. */
  | { kind: 'estimate' }
  | { kind: 'one-shot'; gas: bigint }
  | { kind: 'two-step'; why: OneShotRefusal; revert?: string | undefined }

/**
 * One-shot (`submitAndExecute`) or two-step settlement of a signed batch (PROTOCOL.md "One-shot settlement"). Two-step
 * when a stored message is missing or out of leaf order (the packed messages would not match the root), when the
 * estimate reverts (a message it cannot fit, or a batch-level revert that `submitBatch` meets and handles itself), or
 * when the estimate with its margin exceeds `maxGas`; otherwise one-shot with that gas.
 *
 * @example
 * decideSettlementMode(
 *   { messageCount: 2, leafIndexes: [0, 1], estimate: { ok: true, gas: 100_000n } },
 *   { maxGas: 15_000_000n, gasMarginTenths: 12n },
 * ) // { kind: 'one-shot', gas: 120_000n }
 */
export function decideSettlementMode(
  state: SettlementModeState & { estimate: SettlementEstimate },
  options: SettlementModeOptions,
): Exclude<SettlementModeDecision, { kind: 'estimate' }>
export function decideSettlementMode(state: SettlementModeState, options: SettlementModeOptions): SettlementModeDecision
export function decideSettlementMode(
  state: SettlementModeState,
  options: SettlementModeOptions,
): SettlementModeDecision {
  const { messageCount, leafIndexes, estimate } = state
  if (leafIndexes.length !== messageCount || leafIndexes.some((leaf, i) => leaf !== i))
    return { kind: 'two-step', why: 'MESSAGES_INCOMPLETE' }
  if (estimate === undefined) return { kind: 'estimate' }
  if (!estimate.ok) return { kind: 'two-step', why: 'ESTIMATE_REVERTED', revert: estimate.revert }
  const gas = (estimate.gas * options.gasMarginTenths) / 10n
  if (gas > options.maxGas) return { kind: 'two-step', why: 'OVER_MAX_GAS' }
  return { kind: 'one-shot', gas }
}
