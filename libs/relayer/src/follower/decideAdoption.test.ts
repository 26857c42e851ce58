import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { MessageState } from '@relaymesh/store'
import { decideAdoption, type AdoptionDecision } from './decideAdoption.js'

const entry = (state: MessageState) => ({ id: new Uint8Array(32), state, destination: 56 })

describe('decideAdoption', () => {
  const table: [string, { ok: boolean; notVerified: ReturnType<typeof entry>[] }, AdoptionDecision][] = [
    ['every id verified here and unbatched', { ok: true, notVerified: [] }, 'adopt'],
    ['ids not seen here yet', { ok: false, notVerified: [] }, 'wait'],
    ['an id only observed here', { ok: false, notVerified: [entry('observed')] }, 'wait'],
    ["an id in another of this relayer's batches", { ok: false, notVerified: [entry('batched')] }, 'wait'],
    ['an id this relayer rejected', { ok: false, notVerified: [entry('rejected')] }, 'never'],
    ['a rejected id beside pending ones', { ok: false, notVerified: [entry('observed'), entry('rejected')] }, 'never'],
  ]
  const young = { waitedMs: 5_000, maxWaitMs: 600_000 }
  for (const [name, check, expected] of table)
    it(`${expected}: ${name}`, () => assert.equal(decideAdoption(check, young), expected))

  it("abandons (BATCH_NOT_ADOPTED) a batch whose ids this relayer's verifier still lacks once it waited maxWaitMs", () => {
    const missing = { ok: false, notVerified: [entry('observed')] }
    assert.equal(decideAdoption(missing, { waitedMs: 599_999, maxWaitMs: 600_000 }), 'wait')
    assert.equal(decideAdoption(missing, { waitedMs: 600_000, maxWaitMs: 600_000 }), 'abandon')
    assert.equal(decideAdoption({ ok: false, notVerified: [] }, { waitedMs: 3_600_000, maxWaitMs: 600_000 }), 'abandon')
    // However long it waited: a complete batch is adopted, and one holding a rejected id is never adopted.
    assert.equal(decideAdoption({ ok: true, notVerified: [] }, { waitedMs: 3_600_000, maxWaitMs: 600_000 }), 'adopt')
    assert.equal(
      decideAdoption({ ok: false, notVerified: [entry('rejected')] }, { waitedMs: 3_600_000, maxWaitMs: 600_000 }),
      'never',
    )
  })
})
