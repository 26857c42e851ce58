import assert from 'node:assert/strict'
import { test } from 'node:test'
import { pad, type Hex } from 'viem'
import type { FinalityStatus } from './FinalityProvider.js'
import { judgeConfirmedBlock, type JudgeConfirmedBlockParameters } from './judgeConfirmedBlock.js'

const ours = pad('0x0a')
const other = pad('0x0b')

const cases: Array<{ name: string; p: JudgeConfirmedBlockParameters; want: FinalityStatus['status']; code?: string }> =
  [
    { name: 'two endpoints name the block: final', p: { hash: ours, answers: [ours, ours], needed: 2 }, want: 'final' },
    { name: 'one endpoint configured: its word', p: { hash: ours, answers: [ours], needed: 1 }, want: 'final' },
    {
      name: 'both name another block: reorganised away',
      p: { hash: ours, answers: [other, other], needed: 2 },
      want: 'orphaned',
    },
    {
      name: 'the first names the block, the second another: not final on one word',
      p: { hash: ours, answers: [ours, other], needed: 2 },
      want: 'pending',
      code: 'FINALITY_ENDPOINTS_DISAGREE',
    },
    {
      name: 'the first names another block, the second ours: not refused on one word either',
      p: { hash: ours, answers: [other, ours], needed: 2 },
      want: 'pending',
      code: 'FINALITY_ENDPOINTS_DISAGREE',
    },
    {
      name: 'only one of two endpoints answered: waits for the second',
      p: { hash: ours, answers: [ours], needed: 2 },
      want: 'pending',
    },
    {
      name: 'hashes compared without case',
      p: { hash: ours.toUpperCase().replace('0X', '0x') as Hex, answers: [ours, ours], needed: 2 },
      want: 'final',
    },
  ]

for (const c of cases)
  test(c.name, () => {
    const status = judgeConfirmedBlock(c.p)
    assert.equal(status.status, c.want)
    assert.equal(status.status === 'pending' ? status.code : undefined, c.code)
    if (status.status === 'orphaned') assert.equal(status.canonicalHash, other)
  })
