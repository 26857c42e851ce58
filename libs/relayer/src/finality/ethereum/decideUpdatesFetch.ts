/** What the beacon feeder knows before it decides whether to ask for the period updates again. */
export type UpdatesFetchState = {
  /** The newest sync-committee period the feeder has published an update of; undefined before the bootstrap. */
  period: number | undefined
  /** The period of the newest finality update's signature slot; undefined when the node has none yet. */
  finalityPeriod: number | undefined
  /** Polls since the updates were last read. */
  pollsSinceUpdates: number
}

export type UpdatesFetchOptions = {
  /** Read the updates at least this often (in polls) while nothing else calls for them. Default 32. */
  refreshPolls: number
}

export const defaultUpdatesFetchOptions: UpdatesFetchOptions = { refreshPolls: 32 }

/**
 * Whether this poll reads `light_client/updates` again. A light client that follows finality needs a period's update
 * (its next sync committee) only when finality moves into a period it has no committee for, so the feeder reads them
 * then, at its first poll, and every `refreshPolls` polls for a better update of the current period. Reading them
 * at every poll answered the same updates poll after poll: a large JSON parsed and hashed four times a second per
 * relayer on an idle devnet. (Lodestar's light client likewise asks for updates only when its period falls behind.)
 *
 * @example
 * decideUpdatesFetch({ period: 3, finalityPeriod: 4, pollsSinceUpdates: 1 }, defaultUpdatesFetchOptions) // true
 * decideUpdatesFetch({ period: 3, finalityPeriod: 3, pollsSinceUpdates: 1 }, defaultUpdatesFetchOptions) // false
 */
export function decideUpdatesFetch(state: UpdatesFetchState, options: UpdatesFetchOptions): boolean {
  if (state.period === undefined) return false
  if (state.pollsSinceUpdates >= options.refreshPolls) return true
  return state.finalityPeriod !== undefined && state.finalityPeriod > state.period
}
