import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { RpcBlockHeader } from './BlockHeader.js'
import { decodeBlockHeader } from './decodeBlockHeader.js'
import { decodeRlp } from './decodeRlp.js'
import { encodeBlockHeader } from './encodeBlockHeader.js'
import { encodeRlp } from './encodeRlp.js'
import { hashBlockHeader } from './hashBlockHeader.js'
import { isReceiptProofError } from './testing/assertCode.js'
import { loadBscHeaders, loadMainnetBlock } from './testing/vectors.js'

const ZERO32 = `0x${'00'.repeat(32)}` as const
const EMPTY_ROOT = '0x56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421'

/** Ethereum mainnet genesis (Frontier, 15 fields); its hash is well known. */
const GENESIS: RpcBlockHeader = {
  parentHash: ZERO32,
  sha3Uncles: '0x1dcc4de8dec75d7aab85b567b6ccd41ad312451b948a7413f0a142fd40d49347',
  miner: `0x${'00'.repeat(20)}`,
  stateRoot: '0xd7f8974fb5ac78d9ac099b9ad5018bedc2ce0a72dad1827a1709da30580f0544',
  transactionsRoot: EMPTY_ROOT,
  receiptsRoot: EMPTY_ROOT,
  logsBloom: `0x${'00'.repeat(256)}`,
  difficulty: '0x400000000',
  number: '0x0',
  gasLimit: '0x1388',
  gasUsed: '0x0',
  timestamp: '0x0',
  extraData: '0x11bbe8db4e347b4e8c937c1c8370e4b5ed33adb3db69cbdb7a38e1e50b1b82fa',
  mixHash: ZERO32,
  nonce: '0x0000000000000042',
}

describe('block headers: Ethereum mainnet', () => {
  const { block } = loadMainnetBlock()

  it('keccak(rlp(header)) of block 21925176 (Cancun) equals its hash', () => {
    assert.equal(hashBlockHeader(block), block.hash)
  })

  it('hashes the mainnet genesis header (legacy, 15 fields)', () => {
    assert.equal(hashBlockHeader(GENESIS), '0xd4e56740f876aef8c010b86a40d5f56745a118d0906a34e69aec8c0db1cb8fa3')
  })

  it('decodes the encoded header back to typed fields and the same hash', () => {
    const decoded = decodeBlockHeader(encodeBlockHeader(block))
    assert.equal(decoded.hash, block.hash)
    assert.equal(decoded.number, 21925176n)
    assert.equal(decoded.receiptsRoot, block.receiptsRoot)
    assert.equal(decoded.parentHash, block.parentHash)
    assert.equal(decoded.baseFeePerGas, BigInt(block.baseFeePerGas as string))
    assert.equal(decoded.excessBlobGas, BigInt(block.excessBlobGas as string))
    assert.equal(decoded.blobGasUsed, 0n)
    assert.equal(decoded.parentBeaconBlockRoot, block.parentBeaconBlockRoot)
    assert.equal(decoded.requestsHash, undefined)
  })

  it('hashes the RLP bytes the same as the JSON', () => {
    assert.equal(hashBlockHeader(encodeBlockHeader(block)), block.hash)
  })

  it('encodes each fork prefix (London .. Prague) to 16..21 fields that decode back', () => {
    const forkFields = [
      'baseFeePerGas',
      'withdrawalsRoot',
      'blobGasUsed',
      'excessBlobGas',
      'parentBeaconBlockRoot',
      'requestsHash',
    ] as const
    const full: RpcBlockHeader = { ...block, requestsHash: ZERO32 }
    for (let kept = 0; kept <= forkFields.length; kept++) {
      const header: Record<string, unknown> = { ...full }
      for (const name of forkFields.slice(kept)) delete header[name]
      const decoded = decodeBlockHeader(encodeBlockHeader(header as RpcBlockHeader)) // reason: base fields untouched
      assert.equal(Object.keys(decoded).length, 1 + 15 + kept)
    }
  })

  it('treats a null fork field as absent', () => {
    assert.equal(hashBlockHeader({ ...GENESIS, baseFeePerGas: null }), hashBlockHeader(GENESIS))
  })
})

describe('block headers: BSC (Parlia) mainnet and Chapel', () => {
  const headers = loadBscHeaders()

  it('has the 20 headers of the manifest', () => assert.equal(headers.length, 20))

  for (const { number, entry, header } of headers) {
    it(`${entry.network} ${number}: hash equals the manifest's`, () => {
      assert.equal(hashBlockHeader(header), entry.computed_hash)
    })
  }

  it("links each header's hash to its child's parentHash", () => {
    const byNumber = new Map(headers.map((h) => [h.number, h]))
    let links = 0
    for (const { number, entry, header } of headers) {
      const child = byNumber.get(number + 1)
      if (entry.child_parentHash_matches !== true || child === undefined) continue
      assert.equal(child.header.parentHash, hashBlockHeader(header))
      links++
    }
    assert.equal(links, 14)
  })

  it('does not depend on JSON key order (51006562 lists withdrawalsRoot first)', () => {
    const { header, entry } = headers.find((h) => h.number === 51006562) ?? assert.fail('missing 51006562')
    const reversed = Object.fromEntries(Object.entries(header).reverse()) as RpcBlockHeader // reason: same keys
    assert.equal(hashBlockHeader(reversed), entry.computed_hash)
  })
})

describe('block headers: rejections', () => {
  it('rejects a later fork field without an earlier one', () => {
    assert.throws(
      () => encodeBlockHeader({ ...GENESIS, withdrawalsRoot: EMPTY_ROOT }),
      isReceiptProofError('HEADER_INVALID'),
    )
  })

  it('rejects a missing base field', () => {
    const { nonce: _nonce, ...withoutNonce } = GENESIS
    // reason: deliberately incomplete
    assert.throws(() => encodeBlockHeader(withoutNonce as RpcBlockHeader), isReceiptProofError('HEADER_INVALID'))
  })

  for (const [field, value] of [
    ['parentHash', '0x1234'],
    ['miner', ZERO32],
    ['logsBloom', '0x00'],
    ['nonce', '0x42'],
    ['number', '0xzz'],
    ['extraData', '0x123'],
    ['gasLimit', '0x'],
  ] as const) {
    it(`rejects ${field} = ${value.slice(0, 12)}`, () => {
      assert.throws(() => encodeBlockHeader({ ...GENESIS, [field]: value }), isReceiptProofError('HEADER_INVALID'))
    })
  }

  it('decoding rejects too few or too many fields, non-lists, bad lengths and non-minimal integers', () => {
    const fields = decodeRlpList(encodeBlockHeader(GENESIS))
    const cases: Uint8Array[] = [
      encodeRlp(fields.slice(0, 14)),
      encodeRlp([...fields, ...fields.slice(0, 7)]),
      encodeRlp(new Uint8Array(5)),
      encodeRlp(fields.map((f, i) => (i === 0 ? f.subarray(1) : f))),
      encodeRlp(fields.map((f, i) => (i === 9 ? Uint8Array.of(0, 0x13, 0x88) : f))),
      encodeRlp([...fields.slice(0, 14), [fields[14] as Uint8Array]]),
    ]
    for (const rlp of cases) assert.throws(() => decodeBlockHeader(rlp), isReceiptProofError('HEADER_INVALID'))
  })
})

function decodeRlpList(rlp: Uint8Array): Uint8Array[] {
  const list = decodeRlp(rlp)
  assert.ok(Array.isArray(list))
  return list.map((item) => (item instanceof Uint8Array ? item : assert.fail('nested list')))
}
