import assert from 'node:assert/strict'
import { test } from 'node:test'
import { pad, type Hex } from 'viem'
import type { FinalityStatus } from './FinalityProvider.js'
import { judgeConfirmedBlock, type EndpointAnswer, type JudgeConfirmedBlockParameters } from './judgeConfirmedBlock.js'

const ours = pad('0x0a')
const other = pad('0x0b')
const third = pad('0x0c')
/** Endpoint i's answer: `hash` at the height, and (when `linked`) its next block built on it. */
const a = (i: number, hash: Hex, linked?: boolean): EndpointAnswer => ({
  endpoint: `http://rpc${i}.example/[redacted]`,
  hash,
  childParent: linked === undefined ? undefined : linked ? hash : third,
})
const answers = (...hashes: Hex[]) => hashes.map((h, i) => a(i, h))

const cases: Array<{ name: string; p: JudgeConfirmedBlockParameters; want: FinalityStatus['status']; code?: string }> =
  [
    {
      name: 'two endpoints name the block: final',
      p: { hash: ours, answers: answers(ours, ours), needed: 2 },
      want: 'final',
    },
    { name: 'one endpoint configured: its word', p: { hash: ours, answers: answers(ours), needed: 1 }, want: 'final' },
    {
      name: 'both name another block: reorganised away',
      p: { hash: ours, answers: answers(other, other), needed: 2 },
      want: 'orphaned',
    },
    {
      name: 'the first names the block, the second another: not final on one word',
      p: { hash: ours, answers: answers(ours, other), needed: 2 },
      want: 'pending',
      code: 'FINALITY_ENDPOINTS_DISAGREE',
    },
    {
      name: 'the first names another block, the second ours: not refused on one word either',
      p: { hash: ours, answers: answers(other, ours), needed: 2 },
      want: 'pending',
      code: 'FINALITY_ENDPOINTS_DISAGREE',
    },
    {
      name: 'only one of two endpoints answered: waits for the second',
      p: { hash: ours, answers: answers(ours), needed: 2 },
      want: 'pending',
    },
    {
      name: 'hashes compared without case',
      p: { hash: ours.toUpperCase().replace('0X', '0x') as Hex, answers: answers(ours, ours), needed: 2 },
      want: 'final',
    },
    {
      name: 'two of three endpoints name the block, built on by their next blocks: final',
      p: { hash: ours, answers: [a(0, other, true), a(1, ours, true), a(2, ours, true)], needed: 2 },
      want: 'final',
    },
    {
      name: 'two of three name another block, built on: the lone endpoint’s block is orphaned',
      p: { hash: ours, answers: [a(0, ours, true), a(1, other, true), a(2, other, true)], needed: 2 },
      want: 'orphaned',
    },
    {
      name: 'the majority’s later blocks do not build on its block: no verdict',
      p: { hash: ours, answers: [a(0, other, true), a(1, ours, false), a(2, ours, true)], needed: 2 },
      want: 'pending',
      code: 'FINALITY_ENDPOINTS_DISAGREE',
    },
    {
      name: 'two endpoints, two blocks, each built on: a tie, no verdict',
      p: { hash: ours, answers: [a(0, other, true), a(1, ours, true)], needed: 2 },
      want: 'pending',
      code: 'FINALITY_ENDPOINTS_DISAGREE',
    },
    {
      name: 'two against two: a tie, no verdict',
      p: { hash: ours, answers: [a(0, other, true), a(1, ours, true), a(2, other, true), a(3, ours, true)], needed: 2 },
      want: 'pending',
      code: 'FINALITY_ENDPOINTS_DISAGREE',
    },
  ]

test('a disagreement names each endpoint with the block it serves', () => {
  const status = judgeConfirmedBlock({ hash: ours, answers: answers(ours, other), needed: 2 })
  assert.equal(status.status, 'pending')
  const reason = status.status === 'pending' ? status.reason : ''
  assert.match(reason, new RegExp(`${ours} \\(http://rpc0.example/\\[redacted\\]\\)`))
  assert.match(reason, new RegExp(`${other} \\(http://rpc1.example/\\[redacted\\]\\)`))
})

for (const c of cases)
  test(c.name, () => {
    const status = judgeConfirmedBlock(c.p)
    assert.equal(status.status, c.want)
    assert.equal(status.status === 'pending' ? status.code : undefined, c.code)
    if (status.status === 'orphaned') assert.equal(status.canonicalHash?.toLowerCase(), other)
  })
