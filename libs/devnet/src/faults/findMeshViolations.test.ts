import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { Hex } from 'viem'
import { findMeshViolations, type RelayerView } from './findMeshViolations.js'

const id = (n: number) => `0x${n.toString(16).padStart(64, '0')}` as Hex
const dispatched = new Map([
  [1, new Set([id(1), id(2)])],
  [2, new Set([id(3)])],
])
const chain = new Map([
  [
    1,
    new Map([
      [id(1), 1],
      [id(2), 1],
    ]),
  ],
  [2, new Map([[id(3), 1]])],
])
const agree = (relayer: string): RelayerView => ({
  relayer,
  executed: new Map([
    [1, new Set([id(1), id(2)])],
    [2, new Set([id(3)])],
  ]),
  rejected: [],
  rejectionsWithoutCode: 0,
})

test('all hold: no violation', () => {
  assert.deepEqual(findMeshViolations({ dispatched, executedOnChain: chain, relayers: [agree('r1'), agree('r2')] }), [])
})

test('lost, executed twice, executed and never dispatched', () => {
  const bad = new Map([
    [
      1,
      new Map([
        [id(1), 2],
        [id(9), 1],
      ]),
    ],
    [2, new Map([[id(3), 1]])],
  ])
  const v = findMeshViolations({ dispatched, executedOnChain: bad, relayers: [] })
  assert.equal(v.length, 3)
  assert.match(v[0] ?? '', /lost\): 1/)
  assert.match(v[1] ?? '', /more than once: 1/)
  assert.match(v[2] ?? '', /never dispatched: 1/)
})

test('a relayer database that disagrees with the chain, a rejection without a code, an honest message rejected', () => {
  const r2: RelayerView = {
    relayer: 'r2',
    executed: new Map([
      [1, new Set([id(1)])],
      [2, new Set([id(3), id(4)])],
    ]),
    rejected: [
      { id: id(7), reasonCode: null },
      { id: id(2), reasonCode: 'PROOF_INVALID' },
    ],
    rejectionsWithoutCode: 1,
  }
  const v = findMeshViolations({ dispatched, executedOnChain: chain, relayers: [agree('r1'), r2] })
  assert.deepEqual(
    v.map((line) => line.split(':').slice(0, 2).join(':')),
    [
      'r2: destination 1 executed on chain, not in its database',
      'r2: destination 2 executed in its database, not on chain',
      'r2: rejected without a reason code',
      'r2: honest message rejected',
      'r2: 1 rejection records without a reason code',
    ],
  )
})
