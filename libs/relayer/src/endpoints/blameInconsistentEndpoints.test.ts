import assert from 'node:assert/strict'
import { test } from 'node:test'
import { blameInconsistentEndpoints, type EndpointRead } from './blameInconsistentEndpoints.js'

const cases: Array<{ name: string; reads: EndpointRead[]; want: number[] }> = [
  {
    name: 'the liar of two: demoted once the other answered consistently',
    reads: [
      { endpoint: 0, outcome: 'inconsistent' },
      { endpoint: 1, outcome: 'consistent' },
    ],
    want: [0],
  },
  {
    name: 'two liars before the honest one: both demoted',
    reads: [
      { endpoint: 2, outcome: 'inconsistent' },
      { endpoint: 0, outcome: 'inconsistent' },
      { endpoint: 1, outcome: 'consistent' },
    ],
    want: [2, 0],
  },
  {
    name: 'an endpoint that was only down is not demoted',
    reads: [
      { endpoint: 0, outcome: 'unavailable' },
      { endpoint: 1, outcome: 'inconsistent' },
      { endpoint: 2, outcome: 'consistent' },
    ],
    want: [1],
  },
  {
    name: 'no endpoint answered consistently: nobody is blamed (the fault may be ours), the read is retried',
    reads: [
      { endpoint: 0, outcome: 'inconsistent' },
      { endpoint: 1, outcome: 'inconsistent' },
    ],
    want: [],
  },
  {
    name: 'the liar alone up: not demoted while no endpoint contradicts it',
    reads: [
      { endpoint: 0, outcome: 'inconsistent' },
      { endpoint: 1, outcome: 'unavailable' },
    ],
    want: [],
  },
  { name: 'the first endpoint consistent: nobody blamed', reads: [{ endpoint: 0, outcome: 'consistent' }], want: [] },
  {
    name: 'an endpoint inconsistent twice in one read is demoted once',
    reads: [
      { endpoint: 0, outcome: 'inconsistent' },
      { endpoint: 0, outcome: 'inconsistent' },
      { endpoint: 1, outcome: 'consistent' },
    ],
    want: [0],
  },
]

for (const c of cases) test(c.name, () => assert.deepEqual(blameInconsistentEndpoints(c.reads), c.want))
