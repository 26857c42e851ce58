import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { judgeFirstPublish, type FirstPublishFate, type FirstPublishPart } from './judgeFirstPublish.js'

const hash = '0xAbC1'
const held = (seq: number): FirstPublishPart => ({ seq, heldMsgId: `31337:0xabc1:${seq}` })

describe('judgeFirstPublish', () => {
  const table: [string, FirstPublishPart[] | undefined, number, FirstPublishFate][] = [
    ['a block this process did not publish', undefined, 10, 'unknown'],
    ['no part recorded', [], 10, 'unknown'],
    ['held and not delivered yet: the verifier is behind', [held(20)], 10, 'waiting'],
    ['one part of two still above the ack floor', [held(5), held(20)], 10, 'waiting'],
    ['held and acknowledged past: the verifier passed it', [held(5), held(10)], 10, 'passed-by-verifier'],
    ['nothing at its sequence any more', [{ seq: 20, heldMsgId: undefined }], 10, 'dropped-by-stream'],
    [
      'another message at its sequence (the server lost it and reused the number)',
      [held(20), { seq: 21, heldMsgId: '31337:0xdef:0' }],
      10,
      'dropped-by-stream',
    ],
    ['a dropped part outweighs a waiting one', [held(20), { seq: 21, heldMsgId: undefined }], 10, 'dropped-by-stream'],
  ]
  for (const [name, parts, floor, expected] of table) {
    it(name, () => assert.equal(judgeFirstPublish(hash, parts, floor), expected))
  }
})
