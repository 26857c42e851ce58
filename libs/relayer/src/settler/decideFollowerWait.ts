/** What the settler knows while it waits for the inbox follower to record a mined tx. */
export type FollowerWaitState = {
  /** The block of the mined tx. */
  block: bigint
  /** The follower's cursor as last read: undefined before its first step or before the first read. */
  cursor: bigint | undefined
  now: number
  deadline: number
}

/**
 * `done`: the follower has applied the block. `give-up`: the deadline passed first (the settler warns and goes on:
 * the messages may be picked once more, and the inbox rejects a second execution). `poll`: read the cursor (again).
 *
 * @example
 * decideFollowerWait({ block: 9n, cursor: 8n, now: 1_000, deadline: 31_000 }) // 'poll'
 */
export function decideFollowerWait(state: FollowerWaitState): 'done' | 'give-up' | 'poll' {
  if (state.cursor !== undefined && state.cursor >= state.block) return 'done'
  return state.now < state.deadline ? 'poll' : 'give-up'
}
