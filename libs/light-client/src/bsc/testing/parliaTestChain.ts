/**
 * Test-only Parlia chain builder: real-format BSC headers (extraData with
 * validator lists, turn lengths and BLS vote attestations; secp256k1 seals
 * over the chain-id seal hash) sealed with development keys, to exercise
 * rules the short real vector runs cannot (rotation at the switch block,
 * recents, difficulty).
 */
import { SecretKey, aggregateSignatures } from '@chainsafe/blst'
import { secp256k1 } from '@noble/curves/secp256k1'
import { keccak256 } from '@relaymesh/protocol'
import { hashBlockHeader, type RpcBlockHeader } from '@relaymesh/receipt-proof'
import { bytesToHex, type Hex } from '../bytes.js'
import { EMPTY_UNCLE_HASH } from '../constants.js'
import { encodeParliaExtraData } from '../encodeParliaExtraData.js'
import { hashVoteData } from '../hashVoteData.js'
import { parliaSealHash } from '../parliaSealHash.js'
import type { VoteAttestation, VoteData } from '../VoteAttestation.js'

export type TestValidator = { address: Hex; key: Uint8Array; bls: SecretKey }
export type TestSet = { validators: TestValidator[]; turnLength: number }

const ZERO32 = `0x${'00'.repeat(32)}` as Hex

/** Deterministic validators, sorted by address as Parlia sorts them. */
export function testValidators(count: number, seed: number): TestValidator[] {
  return Array.from({ length: count }, (_, i) => {
    const key = keccak256(new TextEncoder().encode(`parlia-test-${seed}-${i}`))
    const address = bytesToHex(keccak256(secp256k1.getPublicKey(key, false).subarray(1)).subarray(12))
    return { address, key, bls: SecretKey.fromKeygen(keccak256(key)) }
  }).sort((a, b) => (a.address < b.address ? -1 : 1))
}

export function setExtra(set: TestSet): { validators: { address: Hex; voteKey: Uint8Array }[]; turnLength: number } {
  return {
    validators: set.validators.map((v) => ({ address: v.address, voteKey: v.bls.toPublicKey().toBytes() })),
    turnLength: set.turnLength,
  }
}

/** The in-turn validator of `number`: validators[(number / turnLength) % n]. */
export function inTurn(set: TestSet, number: bigint): TestValidator {
  return set.validators[Number((number / BigInt(set.turnLength)) % BigInt(set.validators.length))] as TestValidator
}

/** An aggregate vote of `voters` over `data`, bitmap over the set's sorted order. */
export function testAttestation(set: TestSet, voters: TestValidator[], data: VoteData): VoteAttestation {
  let voteAddressSet = 0n
  for (const v of voters) voteAddressSet |= 1n << BigInt(set.validators.indexOf(v))
  const aggSignature = aggregateSignatures(voters.map((v) => v.bls.sign(hashVoteData(data)))).toBytes()
  return { voteAddressSet, aggSignature, data, extra: new Uint8Array() }
}

export type TestHeaderParameters = {
  number: bigint
  parentHash: Hex
  sealer: TestValidator
  difficulty: bigint
  chainId: bigint
  epochSet?: TestSet | undefined
  attestation?: VoteAttestation | undefined
}

/** A sealed header in eth_getBlockByNumber form (Prague field set, as BSC has now). */
export function testHeader(p: TestHeaderParameters): RpcBlockHeader {
  const extraBase = {
    vanity: new Uint8Array(32),
    ...(p.epochSet ? setExtra(p.epochSet) : {}),
    attestation: p.attestation,
  }
  const header = {
    parentHash: p.parentHash,
    sha3Uncles: EMPTY_UNCLE_HASH,
    miner: p.sealer.address,
    stateRoot: ZERO32,
    transactionsRoot: ZERO32,
    receiptsRoot: bytesToHex(keccak256(new TextEncoder().encode(`receipts-${p.number}`))),
    logsBloom: `0x${'00'.repeat(256)}` as Hex,
    difficulty: `0x${p.difficulty.toString(16)}` as Hex,
    number: `0x${p.number.toString(16)}` as Hex,
    gasLimit: '0x5f5e100',
    gasUsed: '0x0',
    timestamp: `0x${(1_700_000_000n + p.number).toString(16)}` as Hex,
    extraData: bytesToHex(encodeParliaExtraData(extraBase)),
    mixHash: ZERO32,
    nonce: '0x0000000000000000',
    baseFeePerGas: '0x0',
    withdrawalsRoot: ZERO32,
    blobGasUsed: '0x0',
    excessBlobGas: '0x0',
    parentBeaconBlockRoot: ZERO32,
    requestsHash: ZERO32,
  } satisfies RpcBlockHeader
  const signature = secp256k1.sign(parliaSealHash(header, p.chainId), p.sealer.key)
  const seal = new Uint8Array([...signature.toCompactRawBytes(), signature.recovery])
  return { ...header, extraData: bytesToHex(encodeParliaExtraData({ ...extraBase, seal })) }
}

export type TestChainParameters = {
  chainId: bigint
  epochLength: bigint
  /** Validator set listed by each epoch block (and the ones before `from` that seal it). */
  sets: ReadonlyMap<bigint, TestSet>
  from: bigint
  to: bigint
  /** Hash of block from - 1. */
  parentHash: Hex
  /** Whether block n carries a vote attestation for its parent (default: all but the first). */
  vote?: ((n: bigint) => boolean) | undefined
}

/** The set sealing block n, by the BEP-341 switch rule written out plainly. */
export function testSealingSet(p: Pick<TestChainParameters, 'epochLength' | 'sets'>, n: bigint): TestSet {
  const epoch = n - (n % p.epochLength)
  const previous = p.sets.get(epoch - p.epochLength)
  if (previous === undefined) throw new Error(`test chain: no set for epoch ${epoch - p.epochLength}`)
  const switchAt = epoch + BigInt((Math.floor(previous.validators.length / 2) + 1) * previous.turnLength - 1)
  const set = n - 1n >= switchAt ? p.sets.get(epoch) : previous
  if (set === undefined) throw new Error(`test chain: no set for epoch ${epoch}`)
  return set
}

/** Headers from..to, each sealed in turn, each voting its parent with every validator (unless `vote` says no). */
export function buildTestChain(p: TestChainParameters): RpcBlockHeader[] {
  const out: RpcBlockHeader[] = []
  let parentHash = p.parentHash
  let justified = { number: p.from - 1n, hash: p.parentHash }
  for (let n = p.from; n <= p.to; n++) {
    const set = testSealingSet(p, n)
    let attestation: VoteAttestation | undefined
    if (n > p.from && (p.vote?.(n) ?? true)) {
      const voters = testSealingSet(p, n - 1n)
      attestation = testAttestation(voters, voters.validators, {
        sourceNumber: justified.number,
        sourceHash: justified.hash,
        targetNumber: n - 1n,
        targetHash: parentHash,
      })
      justified = { number: n - 1n, hash: parentHash }
    }
    const epochSet = n % p.epochLength === 0n ? p.sets.get(n) : undefined
    const header = testHeader({
      number: n,
      parentHash,
      sealer: inTurn(set, n),
      difficulty: 2n,
      chainId: p.chainId,
      epochSet,
      attestation,
    })
    out.push(header)
    parentHash = hashBlockHeader(header)
  }
  return out
}
