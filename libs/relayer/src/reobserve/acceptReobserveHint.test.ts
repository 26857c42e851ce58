import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { acceptReobserveHint, type IgnoredHintReason } from './acceptReobserveHint.js'
import { reobserveHintCodec, type ReobserveHint } from './ReobserveHint.js'

const hint: ReobserveHint = {
  origin: 1,
  blocks: [{ number: 5n, hash: `0x${'ab'.repeat(32)}`, ids: [`0x${'01'.repeat(32)}`] }],
}
const data = reobserveHintCodec.encode(hint)
const state = { relayerId: 'r1', origin: 1, queued: 0, max: 8 }

describe('acceptReobserveHint', () => {
  it("acts on another relayer's hint for its origin", () => {
    assert.deepEqual(acceptReobserveHint({ subject: 'mesh.reobserve.1.r2', data }, state), {
      accept: true,
      hint,
      from: 'r2',
    })
  })

  const cases: Array<[string, string, Uint8Array, Partial<typeof state>, IgnoredHintReason]> = [
    ['its own relayer', 'mesh.reobserve.1.r1', data, {}, 'own'],
    ['queue full', 'mesh.reobserve.1.r2', data, { queued: 8 }, 'queue-full'],
    ['not a hint', 'mesh.reobserve.1.r2', new TextEncoder().encode('{"origin":1}'), {}, 'malformed'],
    ['another origin', 'mesh.reobserve.1.r2', data, { origin: 2 }, 'other-origin'],
    ["a subject naming another origin than the hint's", 'mesh.reobserve.7.r2', data, {}, 'subject-mismatch'],
  ]
  for (const [name, subject, bytes, over, reason] of cases)
    it(`ignores: ${name} (${reason})`, () => {
      const out = acceptReobserveHint({ subject, data: bytes }, { ...state, ...over })
      assert.equal(out.accept, false)
      assert.equal(!out.accept && out.reason, reason)
    })
})
