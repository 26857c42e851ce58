// Every rejection path of the Parlia light client, each fed real BSC data
// (shared/vectors/bsc) with one thing mutated, asserting the reason code.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { keccak256 } from '@relaymesh/protocol'
import { encodeBlockHeader, type RpcBlockHeader } from '@relaymesh/receipt-proof'
import { isRelaymeshError } from '@relaymesh/errors'
import { LightClientError } from '../LightClientError.js'
import { bytesToHex, hexToBytesOrThrow } from './bytes.js'
import { createParliaStore } from './createParliaStore.js'
import { encodeParliaExtraData } from './encodeParliaExtraData.js'
import type { ParliaErrorCode } from './ParliaErrorCode.js'
import type { ParliaStore } from './ParliaStore.js'
import { processParliaHeaders } from './processParliaHeaders.js'
import { bscEpochExtraData, bscHeader, bscHeaderHash } from './testing/bscVectors.js'
import { extraOf, resealed, secp256k1, withExtra } from './testing/mutateBscHeader.js'

const RUN = [55891041, 55891042, 55891043, 55891044, 55891045]

function mainnetStore(epoch = 55890000, extraData = bscEpochExtraData(epoch)): ParliaStore {
  return createParliaStore({ chainId: 56n, epochLength: 1000n, trustedEpochs: [{ number: BigInt(epoch), extraData }] })
}

function rejects(code: ParliaErrorCode, run: () => unknown): LightClientError {
  let caught: unknown
  assert.throws(
    run,
    (error: unknown) => {
      caught = error
      return isRelaymeshError(error, code)
    },
    `expected ${code}`,
  )
  return caught as LightClientError // reason: checked by isRelaymeshError above
}

function headers(...list: (number | RpcBlockHeader)[]): RpcBlockHeader[] {
  return list.map((h) => (typeof h === 'number' ? bscHeader(h) : h))
}

describe('Parlia rejections (real mainnet data, one mutation each)', () => {
  it('PARLIA_UNKNOWN_SIGNER: a header sealed (validly) by a key outside the validator set', () => {
    const key = keccak256(new TextEncoder().encode('not a validator'))
    const miner = bytesToHex(keccak256(secp256k1.getPublicKey(key, false).subarray(1)).subarray(12))
    const forged = resealed({ ...bscHeader(55891041), miner }, key, 56n)
    rejects('PARLIA_UNKNOWN_SIGNER', () => processParliaHeaders(mainnetStore(), [forged]))
  })

  it('PARLIA_BAD_SEAL: one flipped signature byte; or a miner field naming another validator', () => {
    const header = bscHeader(55891041)
    const extra = hexToBytesOrThrow(header.extraData, 'extra', 'PARLIA_INVALID_HEADER')
    extra[extra.length - 40] = (extra[extra.length - 40] as number) ^ 0x01
    rejects('PARLIA_BAD_SEAL', () =>
      processParliaHeaders(mainnetStore(), [{ ...header, extraData: bytesToHex(extra) }]),
    )
    const other = mainnetStore()
      .validatorSets.get(55890000n)
      ?.validators.find((v) => v.address !== header.miner)?.address
    rejects('PARLIA_BAD_SEAL', () =>
      processParliaHeaders(mainnetStore(), [{ ...header, miner: other as RpcBlockHeader['miner'] }]),
    )
  })

  it('PARLIA_BAD_SEAL: a mainnet header checked with the Chapel chain id', () => {
    const store = createParliaStore({
      chainId: 97n,
      epochLength: 1000n,
      trustedEpochs: [{ number: 55890000n, extraData: bscEpochExtraData(55890000) }],
    })
    rejects('PARLIA_BAD_SEAL', () => processParliaHeaders(store, [bscHeader(55891041)]))
  })

  it('PARLIA_WRONG_DIFFICULTY: the real in-turn header against its set plus two validators (so the miner is out of turn)', () => {
    // Appending addresses that sort last keeps every vote-bitmap index (the attestation still verifies)
    // but moves the turn: validators[(55891041 / 16) % 23] is no longer the miner, who sealed with difficulty 2.
    // reason: only extraData is read
    const parsed = extraOf({ extraData: bscEpochExtraData(55890000) } as RpcBlockHeader, true)
    const voteKey = parsed.validators?.[0]?.voteKey as Uint8Array
    const extra = [`0x${'ff'.repeat(20)}`, `0x${'ff'.repeat(19)}fe`].map((address) => ({
      address: address as RpcBlockHeader['miner'],
      voteKey,
    }))
    const grown = bytesToHex(encodeParliaExtraData({ ...parsed, validators: [...(parsed.validators ?? []), ...extra] }))
    const error = rejects('PARLIA_WRONG_DIFFICULTY', () =>
      processParliaHeaders(mainnetStore(55890000, grown), [bscHeader(55891041)]),
    )
    assert.deepEqual([error.meta.difficulty, error.meta.expected], [2n, 1n])
  })

  it('PARLIA_BROKEN_LINKAGE: a parentHash that is not keccak(rlp(parent)); a skipped header inside a run', () => {
    const broken = {
      ...bscHeader(55891042),
      parentHash: bscHeaderHash(55891041).replace(/.$/, '0') as RpcBlockHeader['parentHash'],
    }
    rejects('PARLIA_BROKEN_LINKAGE', () => processParliaHeaders(mainnetStore(), headers(55891041, broken, 55891043)))
    rejects('PARLIA_BROKEN_LINKAGE', () => processParliaHeaders(mainnetStore(), headers(55891041, 55891043)))
    const after = processParliaHeaders(mainnetStore(), headers(55891041))
    rejects('PARLIA_BROKEN_LINKAGE', () =>
      processParliaHeaders(after, [{ ...bscHeader(55891043), parentHash: bscHeaderHash(55891041) }]),
    )
  })

  it('PARLIA_VOTE_UNDER_QUORUM: the attestation bitmap cut to 13 of 21 voters (BSC needs ceil(2n/3) = 14)', () => {
    const cut = withExtra(bscHeader(55891043), (extra) => {
      let bits = extra.attestation?.voteAddressSet ?? 0n
      for (let kept = 0, i = 0n; i < 64n; i++) if ((bits >> i) & 1n && ++kept > 13) bits &= ~(1n << i)
      return { ...extra, attestation: extra.attestation && { ...extra.attestation, voteAddressSet: bits } }
    })
    const error = rejects('PARLIA_VOTE_UNDER_QUORUM', () =>
      processParliaHeaders(mainnetStore(), headers(55891041, 55891042, cut)),
    )
    assert.deepEqual([error.meta.voters, error.meta.quorum], [13, 14])
  })

  it('PARLIA_BAD_VOTE_SIGNATURE: a voter removed from the bitmap (quorum kept); the aggregate of another block', () => {
    const voters = (h: RpcBlockHeader) =>
      extraOf(h).attestation?.voteAddressSet.toString(2).replaceAll('0', '').length ?? 0
    assert.ok(voters(bscHeader(55891043)) > 14, 'the real attestation has more than a bare quorum')
    const dropped = withExtra(bscHeader(55891043), (extra) => {
      const bits = extra.attestation?.voteAddressSet ?? 0n
      return {
        ...extra,
        attestation: extra.attestation && { ...extra.attestation, voteAddressSet: bits & (bits - 1n) },
      }
    })
    rejects('PARLIA_BAD_VOTE_SIGNATURE', () =>
      processParliaHeaders(mainnetStore(), headers(55891041, 55891042, dropped)),
    )
    const otherSignature = extraOf(bscHeader(55891042)).attestation?.aggSignature as Uint8Array
    const swapped = withExtra(bscHeader(55891043), (extra) => ({
      ...extra,
      attestation: extra.attestation && { ...extra.attestation, aggSignature: otherSignature },
    }))
    rejects('PARLIA_BAD_VOTE_SIGNATURE', () =>
      processParliaHeaders(mainnetStore(), headers(55891041, 55891042, swapped)),
    )
  })

  it('PARLIA_VOTE_TARGET_MISMATCH: an attestation whose target is not the parent', () => {
    const wrong = withExtra(bscHeader(55891043), (extra) => ({
      ...extra,
      attestation: extra.attestation && {
        ...extra.attestation,
        data: { ...extra.attestation.data, targetHash: bscHeaderHash(55891041) },
      },
    }))
    rejects('PARLIA_VOTE_TARGET_MISMATCH', () =>
      processParliaHeaders(mainnetStore(), headers(55891041, 55891042, wrong)),
    )
  })

  it("PARLIA_VOTE_SOURCE_MISMATCH: a source that is not the parent's justified block", () => {
    const wrong = withExtra(bscHeader(55891043), (extra) => ({
      ...extra,
      attestation: extra.attestation && {
        ...extra.attestation,
        data: { ...extra.attestation.data, sourceNumber: 55891040n },
      },
    }))
    rejects('PARLIA_VOTE_SOURCE_MISMATCH', () =>
      processParliaHeaders(mainnetStore(), headers(55891041, 55891042, wrong)),
    )
  })

  it('PARLIA_INVALID_EXTRA_DATA: extraData without a seal; an epoch block claiming more validators than it lists; bad attestation RLP', () => {
    const short = {
      ...bscHeader(55891041),
      extraData: bscHeader(55891041).extraData.slice(0, 2 + 96 * 2) as RpcBlockHeader['extraData'],
    }
    rejects('PARLIA_INVALID_EXTRA_DATA', () => processParliaHeaders(mainnetStore(), [short]))
    const epoch = bscHeader(66277000)
    const extra = hexToBytesOrThrow(epoch.extraData, 'extra', 'PARLIA_INVALID_HEADER')
    extra[32] = 30
    rejects('PARLIA_INVALID_EXTRA_DATA', () =>
      processParliaHeaders(mainnetStore(66276000), [{ ...epoch, extraData: bytesToHex(extra) }]),
    )
    const garbled = hexToBytesOrThrow(bscHeader(55891041).extraData, 'extra', 'PARLIA_INVALID_HEADER')
    garbled[33] = 0xff
    rejects('PARLIA_INVALID_EXTRA_DATA', () =>
      processParliaHeaders(mainnetStore(), [{ ...bscHeader(55891041), extraData: bytesToHex(garbled) }]),
    )
  })

  it('PARLIA_INVALID_HEADER: bytes that are not a header; a non-empty uncle hash', () => {
    rejects('PARLIA_INVALID_HEADER', () => processParliaHeaders(mainnetStore(), [new Uint8Array([0xc0])]))
    const uncles = { ...bscHeader(55891041), sha3Uncles: bscHeaderHash(55891041) }
    rejects('PARLIA_INVALID_HEADER', () => processParliaHeaders(mainnetStore(), [uncles]))
  })

  it('PARLIA_UNKNOWN_VALIDATOR_SET (action retry): a header whose sealing set the store does not hold', () => {
    const error = rejects('PARLIA_UNKNOWN_VALIDATOR_SET', () =>
      processParliaHeaders(mainnetStore(66276000), [bscHeader(55891041)]),
    )
    assert.equal(error.action, 'retry')
  })

  it('PARLIA_FINALITY_CONFLICT: a different block at a finalized height', () => {
    const store = processParliaHeaders(mainnetStore(66276000), headers(66277000, 66277001, 66277002, 66277003))
    const fork = { ...bscHeader(66277001), gasUsed: '0x1' as const }
    rejects('PARLIA_FINALITY_CONFLICT', () => processParliaHeaders(store, [fork]))
  })

  it('PARLIA_INVALID_CONFIG: a trusted epoch number that is not an epoch boundary', () => {
    rejects('PARLIA_INVALID_CONFIG', () =>
      createParliaStore({
        chainId: 56n,
        epochLength: 1000n,
        trustedEpochs: [{ number: 55890001n, extraData: bscEpochExtraData(55890000) }],
      }),
    )
  })

  it('a failing batch leaves the given store untouched and applies nothing', () => {
    const store = mainnetStore()
    const bad = withExtra(bscHeader(55891045), (extra) => ({ ...extra, seal: new Uint8Array(65) }))
    rejects('PARLIA_BAD_SEAL', () => processParliaHeaders(store, headers(...RUN.slice(0, 4), bad)))
    assert.equal(store.headers.size, 0)
    assert.equal(store.finalized, undefined)
    assert.equal(processParliaHeaders(store, RUN.map(bscHeader)).headers.size, 5)
    assert.ok(encodeBlockHeader(bscHeader(55891045)).length > 0)
  })
})
