import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { demoteEndpoint } from './demoteEndpoint.js'
import { rankEndpoints, type EndpointStanding } from './rankEndpoints.js'

const fresh = (n: number): EndpointStanding[] =>
  Array.from({ length: n }, () => ({ strikes: 0, demotedUntil: undefined }))
const options = { demoteMs: 1_000, maxDemoteMs: 5_000 }

describe('rankEndpoints', () => {
  const cases: Array<{ name: string; standings: EndpointStanding[]; now: number; avoid?: number[]; want: number[] }> = [
    { name: 'nothing held against any: the operator order', standings: fresh(3), now: 0, want: [0, 1, 2] },
    {
      name: 'a demoted first endpoint goes last',
      standings: [{ strikes: 1, demotedUntil: 1_000 }, ...fresh(2)],
      now: 0,
      want: [1, 2, 0],
    },
    {
      name: 'released once its time is up',
      standings: [{ strikes: 1, demotedUntil: 1_000 }, ...fresh(2)],
      now: 1_000,
      want: [0, 1, 2],
    },
    {
      name: 'demoted ones by release time, soonest first',
      standings: [
        { strikes: 3, demotedUntil: 9_000 },
        { strikes: 1, demotedUntil: 2_000 },
        { strikes: 0, demotedUntil: undefined },
      ],
      now: 0,
      want: [2, 1, 0],
    },
    {
      name: 'every endpoint demoted: all still tried',
      standings: [
        { strikes: 1, demotedUntil: 3_000 },
        { strikes: 1, demotedUntil: 3_000 },
      ],
      now: 0,
      want: [0, 1],
    },
    { name: 'an avoided endpoint is left out', standings: fresh(3), now: 0, avoid: [0], want: [1, 2] },
    { name: 'avoiding the only endpoint leaves none', standings: fresh(1), now: 0, avoid: [0], want: [] },
  ]
  for (const c of cases)
    test(c.name, () => {
      assert.deepEqual(rankEndpoints({ standings: c.standings, now: c.now, avoid: new Set(c.avoid ?? []) }), c.want)
    })
})

describe('demoteEndpoint', () => {
  test('a strike avoids the endpoint for demoteMs, doubled per earlier strike, capped', () => {
    let standings = fresh(2)
    const until: Array<number | undefined> = []
    for (let strike = 0; strike < 5; strike++) {
      standings = demoteEndpoint(standings, { endpoint: 0, now: 10_000 }, options)
      until.push(standings[0]?.demotedUntil)
    }
    assert.deepEqual(until, [11_000, 12_000, 14_000, 15_000, 15_000])
    assert.equal(standings[0]?.strikes, 5)
    assert.deepEqual(standings[1], { strikes: 0, demotedUntil: undefined }, 'the other endpoint is untouched')
  })

  test('a later strike never shortens a demotion', () => {
    const standings: EndpointStanding[] = [{ strikes: 0, demotedUntil: 50_000 }]
    assert.equal(demoteEndpoint(standings, { endpoint: 0, now: 0 }, options)[0]?.demotedUntil, 50_000)
  })

  test('the liar of two is read last until released, then first again', () => {
    const standings = demoteEndpoint(fresh(2), { endpoint: 0, now: 0 }, options)
    assert.deepEqual(rankEndpoints({ standings, now: 999 }), [1, 0])
    assert.deepEqual(rankEndpoints({ standings, now: 1_000 }), [0, 1])
  })
})
