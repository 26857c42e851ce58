import { aggregateSignatures, type SecretKey } from '@chainsafe/blst'
import { BitArray } from '@chainsafe/ssz'
import { ssz } from '@lodestar/types'
import { computeSyncCommitteePeriodAtSlot, type EthereumLightClientContext, type LightClientBootstrap, type LightClientHeader, type LightClientUpdate, type SyncCommittee } from '@relaymesh/light-client'
import { computeSigningRoot, computeSyncCommitteeDomain, signingForkOf } from '@relaymesh/light-client/internal'
import { hexToBytes, type Hex } from 'viem'
import { devCommitteeKeys, merkleBranch, merkleRoot, toSyncCommittee, uint64Chunk } from './devnetBeaconConfig.js'

/** The execution block fields a beacon block commits to (a viem `Block` fits). */
export type ExecutionBlock = {
  number: bigint
  hash: Hex
  parentHash: Hex
  stateRoot: Hex
  receiptsRoot: Hex
  logsBloom: Hex
  miner: Hex
  mixHash: Hex
  timestamp: bigint
  gasLimit: bigint
  gasUsed: bigint
  baseFeePerGas: bigint | null
  extraData: Hex
}

type SlotRecord = { header: LightClientHeader; root: Uint8Array; stateLeaves: Uint8Array[] }

// electra `beacon-chain.md` BeaconState field positions (37 fields: a depth-6 tree) and
// BeaconBlockBody's execution_payload (13 fields: depth 4); gindices 169/86/87/25 follow from them.
const STATE_DEPTH = 6
const FIELD = { slot: 2, finalizedCheckpoint: 20, currentSyncCommittee: 22, nextSyncCommittee: 23, latestExecutionPayloadHeader: 24 } as const
const BODY_DEPTH = 4
const BODY_EXECUTION_PAYLOAD = 9

/**
 * A minimal-preset beacon chain over an execution chain, one slot per
 * execution block (slot = block number): each beacon block's body commits to
 * the real execution payload header, each state carries the finalized
 * checkpoint (two epochs back, as Casper finalizes when all attest) and the
 * current and next sync committees (development keys, a new committee per
 * 64-slot period). Only the fields the light-client proofs touch are
 * populated; the others are zero chunks, so the roots are real SSZ roots of
 * those partial containers and every branch is a real SSZ branch.
 */
export function createBeaconChainModel(context: EthereumLightClientContext, genesisValidatorsRoot: Uint8Array) {
  const { config, types } = context
  const slots = new Map<number, SlotRecord>()
  const committees = new Map<number, { keys: SecretKey[]; committee: SyncCommittee }>()
  const periodOf = (slot: number) => computeSyncCommitteePeriodAtSlot(config, slot)

  function committeeOf(period: number) {
    let entry = committees.get(period)
    if (!entry) {
      const keys = devCommitteeKeys(period, config.syncCommitteeSize)
      entry = { keys, committee: toSyncCommittee(keys) }
      committees.set(period, entry)
    }
    return entry
  }

  function finalizedSlotAt(slot: number): number {
    return Math.max(0, Math.floor(slot / config.slotsPerEpoch) - 2) * config.slotsPerEpoch
  }

  function addBlock(block: ExecutionBlock): void {
    const slot = Number(block.number)
    if (slots.has(slot)) return
    const execution = {
      parentHash: hexToBytes(block.parentHash), feeRecipient: hexToBytes(block.miner), stateRoot: hexToBytes(block.stateRoot),
      receiptsRoot: hexToBytes(block.receiptsRoot), logsBloom: hexToBytes(block.logsBloom), prevRandao: hexToBytes(block.mixHash),
      blockNumber: slot, gasLimit: Number(block.gasLimit), gasUsed: Number(block.gasUsed), timestamp: Number(block.timestamp),
      extraData: hexToBytes(block.extraData), baseFeePerGas: block.baseFeePerGas ?? 0n, blockHash: hexToBytes(block.hash),
      transactionsRoot: new Uint8Array(32), withdrawalsRoot: new Uint8Array(32), blobGasUsed: 0n, excessBlobGas: 0n,
    }
    const executionRoot = ssz.deneb.ExecutionPayloadHeader.hashTreeRoot(execution)
    const bodyLeaves: Uint8Array[] = Array.from({ length: 2 ** BODY_DEPTH }, () => new Uint8Array(32))
    bodyLeaves[BODY_EXECUTION_PAYLOAD] = executionRoot
    const finalizedSlot = finalizedSlotAt(slot)
    // altair: at genesis the finalized checkpoint root is zero (and an update's finalized header empty)
    const finalizedRoot = finalizedSlot === 0 || finalizedSlot === slot ? new Uint8Array(32) : (slots.get(finalizedSlot)?.root ?? new Uint8Array(32))
    const stateLeaves: Uint8Array[] = Array.from({ length: 2 ** STATE_DEPTH }, () => new Uint8Array(32))
    stateLeaves[FIELD.slot] = uint64Chunk(slot)
    stateLeaves[FIELD.finalizedCheckpoint] = ssz.phase0.Checkpoint.hashTreeRoot({ epoch: finalizedSlot / config.slotsPerEpoch, root: finalizedRoot })
    stateLeaves[FIELD.currentSyncCommittee] = types.SyncCommittee.hashTreeRoot(committeeOf(periodOf(slot)).committee)
    stateLeaves[FIELD.nextSyncCommittee] = types.SyncCommittee.hashTreeRoot(committeeOf(periodOf(slot) + 1).committee)
    stateLeaves[FIELD.latestExecutionPayloadHeader] = executionRoot
    const beacon = {
      slot, proposerIndex: slot % 64, parentRoot: slots.get(slot - 1)?.root ?? new Uint8Array(32),
      stateRoot: merkleRoot(stateLeaves, STATE_DEPTH), bodyRoot: merkleRoot(bodyLeaves, BODY_DEPTH),
    }
    const header: LightClientHeader = { beacon, execution, executionBranch: merkleBranch(bodyLeaves, BODY_DEPTH, BODY_EXECUTION_PAYLOAD) }
    slots.set(slot, { header, root: ssz.phase0.BeaconBlockHeader.hashTreeRoot(beacon), stateLeaves })
  }

  function record(slot: number): SlotRecord {
    const r = slots.get(slot)
    if (!r) throw new Error(`devnet beacon chain has no slot ${slot}`)
    return r
  }

  /** altair `create_light_client_bootstrap` for the block at `slot`. */
  function bootstrap(slot: number): LightClientBootstrap {
    const r = record(slot)
    return { header: r.header, currentSyncCommittee: committeeOf(periodOf(slot)).committee, currentSyncCommitteeBranch: merkleBranch(r.stateLeaves, STATE_DEPTH, FIELD.currentSyncCommittee) }
  }

  /**
   * altair `create_light_client_update` for `attestedSlot`, signed at the
   * next slot by every member of that slot's committee (or, for rejection
   * tests, by the committee of `signerPeriod`).
   */
  function update(attestedSlot: number, signerPeriod?: number): LightClientUpdate {
    const attested = record(attestedSlot)
    const signatureSlot = attestedSlot + 1
    const finalizedSlot = finalizedSlotAt(attestedSlot)
    const finalized = finalizedSlot === 0 || finalizedSlot === attestedSlot ? null : record(finalizedSlot)
    const checkpointEpochChunk = uint64Chunk(finalizedSlot / config.slotsPerEpoch)
    const unsigned: LightClientUpdate = {
      attestedHeader: attested.header,
      nextSyncCommittee: committeeOf(periodOf(attestedSlot) + 1).committee,
      nextSyncCommitteeBranch: merkleBranch(attested.stateLeaves, STATE_DEPTH, FIELD.nextSyncCommittee),
      finalizedHeader: finalized?.header ?? ssz.deneb.LightClientHeader.defaultValue(),
      finalityBranch: [checkpointEpochChunk, ...merkleBranch(attested.stateLeaves, STATE_DEPTH, FIELD.finalizedCheckpoint)],
      syncAggregate: { syncCommitteeBits: BitArray.fromBoolArray(Array(config.syncCommitteeSize).fill(true)), syncCommitteeSignature: new Uint8Array(96) },
      signatureSlot,
    }
    const fork = signingForkOf(context, signatureSlot)
    const signingRoot = computeSigningRoot(unsigned, computeSyncCommitteeDomain(fork.version, genesisValidatorsRoot))
    const { keys } = committeeOf(signerPeriod ?? periodOf(signatureSlot))
    const syncCommitteeSignature = aggregateSignatures(keys.map((k) => k.sign(signingRoot))).toBytes()
    return { ...unsigned, syncAggregate: { ...unsigned.syncAggregate, syncCommitteeSignature } }
  }

  return {
    addBlock,
    bootstrap,
    update,
    has: (slot: number) => slots.has(slot),
    rootOf: (slot: number) => record(slot).root,
    slotOfRoot: (root: Uint8Array) => [...slots.entries()].find(([, r]) => Buffer.compare(Buffer.from(r.root), Buffer.from(root)) === 0)?.[0],
    periodOf,
    /** Drops slots older than `slot` (keeps `keep`, e.g. the bootstrap slot). */
    prune(slot: number, keep: number): void {
      for (const s of slots.keys()) if (s < slot && s !== keep) slots.delete(s)
    },
  }
}

export type BeaconChainModel = ReturnType<typeof createBeaconChainModel>
