import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { buildTrie } from './buildTrie.js'
import { getTrieProof } from './getTrieProof.js'
import { isReceiptProofError } from './testing/assertCode.js'
import { referenceTrieRoot } from './testing/referenceTrie.js'
import { verifyTrieProof } from './verifyTrieProof.js'

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s)
const hex = (s: string): Uint8Array => Buffer.from(s.slice(2), 'hex')
const bytesOf = (s: string): Uint8Array => (s.startsWith('0x') ? hex(s) : utf8(s))

// ethereum/tests TrieTests (trieanyorder.json, trietest.json): keys prefixing
// other keys put values in branches; short values make inline nodes.
const vectors: [string, [string, string][], string][] = [
  [
    'singleItem',
    [['A', 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa']],
    '0xd23786fb4a010da3ce639d66d5e904a11dbc02746d1ce25029e53290cabf28ab',
  ],
  [
    'dogs',
    [
      ['doe', 'reindeer'],
      ['dog', 'puppy'],
      ['dogglesworth', 'cat'],
    ],
    '0x8aad789dff2f538bca5d8ea56e8abe10f4c7ba3a5dea95fea4cd6e7c3a1168d3',
  ],
  [
    'puppy',
    [
      ['do', 'verb'],
      ['horse', 'stallion'],
      ['doge', 'coin'],
      ['dog', 'puppy'],
    ],
    '0x5991bb8c6514148a29db676a14ac506cd2cd5775ace63c30a4fe457715e9ac84',
  ],
  [
    'foo',
    [
      ['foo', 'bar'],
      ['food', 'bass'],
    ],
    '0x17beaa1648bafa633cda809c90c04af50fc8aed3cb40d16efbddee6fdf63c4c3',
  ],
  [
    'smallValues',
    [
      ['be', 'e'],
      ['dog', 'puppy'],
      ['bed', 'd'],
    ],
    '0x3f67c7a47520f79faa29255d2d3c084a7a6df0453116ed7232ff10277a8be68b',
  ],
  [
    'testy',
    [
      ['test', 'test'],
      ['te', 'testy'],
    ],
    '0x8452568af70d8d140f58d941338542f645fcca50094b20f3c3d8c3df49337928',
  ],
  [
    'insert-middle-leaf',
    [
      ['key1aa', '0123456789012345678901234567890123456789xxx'],
      ['key1', '0123456789012345678901234567890123456789Very_Long'],
      ['key2bb', 'aval3'],
      ['key2', 'short'],
      ['key3cc', 'aval3'],
      ['key3', '1234567890123456789012345678901'],
    ],
    '0xcb65032e2f76c48b82b5c24b3db8f670ce73982869d38cd39a624f23d62a9e89',
  ],
]

describe('generic trie: ethereum/tests trie vectors', () => {
  for (const [name, pairs, root] of vectors) {
    const entries = pairs.map(([k, v]) => ({ key: bytesOf(k), value: bytesOf(v) }))
    it(`${name}: root, reference root, and a verified proof for every key`, () => {
      const trie = buildTrie(entries)
      assert.equal(trie.root, root)
      assert.equal(referenceTrieRoot(entries), root)
      for (const { key, value } of entries)
        assert.deepEqual(verifyTrieProof({ root: trie.root, key, proof: getTrieProof(trie, key) }), value)
    })
  }

  it('proves absence of keys that end inside a branch, inside an extension, or past a leaf', () => {
    // reason: the puppy vector exists
    const trie = buildTrie(vectors[2]![1].map(([k, v]) => ({ key: utf8(k), value: utf8(v) })))
    for (const absent of ['d', 'dox', 'dogex', 'hors', 'horses', 'cat', '']) {
      const key = utf8(absent)
      assert.throws(
        () => verifyTrieProof({ root: trie.root, key, proof: getTrieProof(trie, key) }),
        isReceiptProofError('RECEIPT_NOT_FOUND'),
        absent,
      )
    }
  })
})
