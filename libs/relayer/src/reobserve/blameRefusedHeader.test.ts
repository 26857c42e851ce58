import assert from 'node:assert/strict'
import { test } from 'node:test'
import { pad, type Hex } from 'viem'
import { blameRefusedHeader, type BlameRefusedHeaderReturnType } from './blameRefusedHeader.js'

const refused = pad('0x0a')
const other = pad('0x0b')

const cases: Array<{ name: string; answers: Array<Hex | undefined>; want: BlameRefusedHeaderReturnType }> = [
  {
    name: 'the first serves the refused header, the second another: the first',
    answers: [refused, other],
    want: { liars: [0], refeed: true },
  },
  { name: 'the liar ranked second', answers: [other, refused], want: { liars: [1], refeed: true } },
  { name: 'two liars, one honest', answers: [refused, refused, other], want: { liars: [0, 1], refeed: true } },
  {
    name: 'all serve it: the chain’s own block, nobody blamed',
    answers: [refused, refused],
    want: { liars: [], refeed: false },
  },
  {
    name: 'the others down: nobody blamed on no evidence',
    answers: [refused, undefined],
    want: { liars: [], refeed: false },
  },
  {
    name: 'the liar down, the others serve another: refeed',
    answers: [undefined, other],
    want: { liars: [], refeed: true },
  },
  {
    name: 'hashes compared without case',
    answers: [refused.toUpperCase().replace('0X', '0x') as Hex, other],
    want: { liars: [0], refeed: true },
  },
]

for (const c of cases)
  test(c.name, () => {
    assert.deepEqual(
      blameRefusedHeader({ refused, answers: c.answers.map((hash, index) => ({ index, hash })) }),
      c.want,
    )
  })
