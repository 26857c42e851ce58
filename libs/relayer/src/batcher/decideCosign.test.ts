import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { CheckBatchMembersReturnType, MessageState } from '@relaymesh/store'
import { decideCosign, defaultCosignOptions, type CosignBlocker } from './decideCosign.js'

const options = { cosignDeadlineMs: 30_000, maxClockSkewMs: 10_000 }
const id = (n: number) => new Uint8Array(32).fill(n)
const check = (
  parts: Partial<Omit<CheckBatchMembersReturnType, 'notVerified'>> & { notVerified?: [number, MessageState][] },
): CosignBlocker => ({
  kind: 'members',
  check: {
    ok: false,
    missing: parts.missing ?? [],
    duplicates: parts.duplicates ?? [],
    notVerified: (parts.notVerified ?? []).map(([n, state]) => ({ id: id(n), state, destination: 56 })),
  },
})
const at = (now: number, firstSeenAt = 0, proposedAt = 0) => ({ now, firstSeenAt, proposedAt })

describe('decideCosign', () => {
  it('waits for ids this relayer has not seen, naming them for the next delivery', () => {
    const decision = decideCosign({ ...at(1_000), blocker: check({ missing: [id(1), id(2)] }) }, options)
    assert.deepEqual(decision, {
      kind: 'wait',
      cause: 'BATCH_UNVERIFIED_MESSAGE',
      pending: [id(1), id(2)],
      details: { pending: 2 },
    })
  })

  it('waits for ids only observed here (not verified yet), with the missing ones', () => {
    const decision = decideCosign(
      { ...at(1_000), blocker: check({ missing: [id(1)], notVerified: [[2, 'observed']] }) },
      options,
    )
    assert.equal(decision.kind, 'wait')
    assert.deepEqual(decision.kind === 'wait' && decision.pending, [id(1), id(2)])
  })

  const final: [string, CosignBlocker, Uint8Array[], unknown][] = [
    ['an id rejected here', check({ notVerified: [[3, 'rejected']] }), [id(3)], ['rejected']],
    ['an id already in another batch', check({ notVerified: [[4, 'batched']] }), [id(4)], ['batched']],
    ['an id listed twice', check({ duplicates: [id(5)] }), [id(5)], []],
    [
      'a final id beside missing ones (the missing ones are not offending)',
      check({
        missing: [id(1)],
        notVerified: [
          [6, 'executed'],
          [7, 'observed'],
        ],
      }),
      [id(6)],
      ['executed'],
    ],
  ]
  for (const [name, blocker, ids, states] of final) {
    it(`refuses at once, before any deadline: ${name} (BATCH_UNVERIFIED_MESSAGE)`, () => {
      assert.deepEqual(decideCosign({ ...at(0), blocker }, options), {
        kind: 'refuse',
        reasonCode: 'BATCH_UNVERIFIED_MESSAGE',
        ids,
        details: { states },
      })
    })
  }

  it('refuses pending ids once the deadline passed since this relayer first saw the proposal, with how long it waited', () => {
    const blocker = check({ missing: [id(1)] })
    assert.equal(decideCosign({ ...at(39_999, 10_000, 10_000), blocker }, options).kind, 'wait')
    assert.deepEqual(decideCosign({ ...at(40_000, 10_000, 10_000), blocker }, options), {
      kind: 'refuse',
      reasonCode: 'BATCH_UNVERIFIED_MESSAGE',
      ids: [id(1)],
      details: { pending: 1, waitedMs: 30_000 },
    })
  })

  it('measures the wait on its own clock: a proposer clock 8 s ahead neither shortens nor stretches it', () => {
    const blocker = check({ missing: [id(1)] })
    assert.equal(decideCosign({ ...at(29_999, 0, 8_000), blocker }, options).kind, 'wait')
    assert.equal(decideCosign({ ...at(30_000, 0, 8_000), blocker }, options).kind, 'refuse')
  })

  it("refuses at once a proposal older than deadline plus skew by the proposer's clock (a replay)", () => {
    const decision = decideCosign({ ...at(100_000, 100_000, 60_000), blocker: check({ missing: [id(1)] }) }, options)
    assert.equal(decision.kind, 'refuse')
  })

  it('waits for a previous batch not recorded here yet, then refuses it as BATCH_CHAIN_MISMATCH', () => {
    for (const code of ['BATCH_CHAIN_MISMATCH', 'BATCH_CONFLICT'] as const) {
      const blocker: CosignBlocker = { kind: 'chain', code }
      assert.deepEqual(decideCosign({ ...at(1_000), blocker }, options), {
        kind: 'wait',
        cause: code,
        pending: [],
        details: {},
      })
      assert.deepEqual(decideCosign({ ...at(30_000), blocker }, options), {
        kind: 'refuse',
        reasonCode: 'BATCH_CHAIN_MISMATCH',
        ids: [],
        details: { waitedMs: 30_000 },
      })
    }
  })

  it('every proposal ends signed or refused: a co-signer whose verifier never catches up refuses within the deadline', () => {
    // Redelivered on the bus's growing backoff: the answer comes at the first delivery past the deadline.
    const blocker = check({ missing: [id(1)] })
    let now = 0
    let delay = 250
    let decision = decideCosign({ ...at(now), blocker })
    while (decision.kind === 'wait') {
      now += delay
      delay = Math.min(delay * 1.5, defaultCosignOptions.cosignDeadlineMs / 8)
      decision = decideCosign({ ...at(now), blocker })
    }
    assert.equal(decision.kind, 'refuse')
    assert.ok(
      now >= defaultCosignOptions.cosignDeadlineMs &&
        now < defaultCosignOptions.cosignDeadlineMs + defaultCosignOptions.cosignDeadlineMs / 8,
    )
  })
})
