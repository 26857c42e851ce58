import { aggregateSignatures } from '@chainsafe/blst'
import { secp256k1 } from '@noble/curves/secp256k1'
import {
  encodeParliaExtraData,
  hashVoteData,
  parliaSealHash,
  type VoteAttestation,
  type VoteData,
} from '@relaymesh/light-client'
import { bytesToHex, type Hex } from '@relaymesh/protocol'
import type { RpcBlockHeader } from '@relaymesh/receipt-proof'
import type { ParliaDevSet, ParliaDevValidator } from './parliaDevValidators.js'

const ZERO32 = `0x${'00'.repeat(32)}` as Hex
/** keccak256(rlp([])): Parlia headers carry no uncles. */
const EMPTY_UNCLE_HASH = '0x1dcc4de8dec75d7aab85b567b6ccd41ad312451b948a7413f0a142fd40d49347' as Hex

/** The fields of the anvil block a Parlia header copies: everything the block's execution produced. */
export type ExecutionBlock = Pick<
  RpcBlockHeader,
  'stateRoot' | 'transactionsRoot' | 'receiptsRoot' | 'logsBloom' | 'number' | 'gasLimit' | 'gasUsed' | 'timestamp'
> &
  Partial<Pick<RpcBlockHeader, 'baseFeePerGas' | 'withdrawalsRoot' | 'blobGasUsed' | 'excessBlobGas' | 'requestsHash'>>

export type SealParliaHeaderParameters = {
  chainId: bigint
  block: ExecutionBlock
  parentHash: Hex
  sealer: ParliaDevValidator
  inTurn: boolean
  /** Epoch blocks list the next set (validators and turn length). */
  epochSet?: ParliaDevSet | undefined
  attestation?: VoteAttestation | undefined
}

/**
 * A Parlia header over an anvil block's execution results: same roots, bloom,
 * gas and timestamp, our parent hash, the sealer as miner, difficulty 2 in
 * turn and 1 out of turn, extraData in the Luban/Bohr layout, zero
 * parentBeaconBlockRoot (as BSC's Cancun headers, so the seal hash covers the
 * fork fields), sealed with secp256k1 over `parliaSealHash` (bnb-chain/bsc `Seal`).
 */
export function sealParliaHeader(p: SealParliaHeaderParameters): RpcBlockHeader {
  const { block } = p
  const extraBase = {
    vanity: new Uint8Array(32),
    ...(p.epochSet
      ? {
          validators: p.epochSet.validators.map((v) => ({ address: v.address, voteKey: v.voteKey })),
          turnLength: p.epochSet.turnLength,
        }
      : {}),
    attestation: p.attestation,
  }
  const header: RpcBlockHeader = {
    parentHash: p.parentHash,
    sha3Uncles: EMPTY_UNCLE_HASH,
    miner: p.sealer.address,
    stateRoot: block.stateRoot,
    transactionsRoot: block.transactionsRoot,
    receiptsRoot: block.receiptsRoot,
    logsBloom: block.logsBloom,
    difficulty: p.inTurn ? '0x2' : '0x1',
    number: block.number,
    gasLimit: block.gasLimit,
    gasUsed: block.gasUsed,
    timestamp: block.timestamp,
    extraData: bytesToHex(encodeParliaExtraData(extraBase)),
    mixHash: ZERO32,
    nonce: '0x0000000000000000',
    baseFeePerGas: block.baseFeePerGas ?? '0x0',
    withdrawalsRoot: block.withdrawalsRoot ?? '0x56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421',
    blobGasUsed: block.blobGasUsed ?? '0x0',
    excessBlobGas: block.excessBlobGas ?? '0x0',
    parentBeaconBlockRoot: ZERO32,
    ...(block.requestsHash ? { requestsHash: block.requestsHash } : {}),
  }
  const signature = secp256k1.sign(parliaSealHash(header, p.chainId), p.sealer.key)
  const seal = new Uint8Array([...signature.toCompactRawBytes(), signature.recovery])
  return { ...header, extraData: bytesToHex(encodeParliaExtraData({ ...extraBase, seal })) }
}

/**
 * A BEP-126 vote attestation: the BLS aggregate of `voters` over
 * keccak256(rlp(data)), with the bitmap over the set's address order
 * (bnb-chain/bsc `assembleVoteAttestation`).
 */
export function voteParliaAttestation(
  set: ParliaDevSet,
  voters: readonly ParliaDevValidator[],
  data: VoteData,
): VoteAttestation {
  let voteAddressSet = 0n
  for (const v of voters) voteAddressSet |= 1n << BigInt(set.validators.indexOf(v))
  const message = hashVoteData(data)
  const aggSignature = aggregateSignatures(voters.map((v) => v.bls.sign(message))).toBytes()
  return { voteAddressSet, aggSignature, data, extra: new Uint8Array() }
}
