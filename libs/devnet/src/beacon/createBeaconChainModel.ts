import { SecretKey } from '@chainsafe/blst'
import { BitArray } from '@chainsafe/ssz'
import { ssz } from '@lodestar/types'
import {
  computeSyncCommitteePeriodAtSlot,
  type EthereumLightClientContext,
  type LightClientBootstrap,
  type LightClientHeader,
  type LightClientUpdate,
  type SyncCommittee,
} from '@relaymesh/light-client'
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
const FIELD = {
  slot: 2,
  finalizedCheckpoint: 20,
  currentSyncCommittee: 22,
  nextSyncCommittee: 23,
  latestExecutionPayloadHeader: 24,
} as const
const BODY_DEPTH = 4
const BODY_EXECUTION_PAYLOAD = 9

/**
 * deneb `ExecutionPayloadHeader` of a real execution block (transactions/withdrawals roots left zero: the light client
 * does not read them).
 */
function executionPayloadHeaderOf(block: ExecutionBlock) {
  const slot = Number(block.number)
  return {
    parentHash: hexToBytes(block.parentHash),
    feeRecipient: hexToBytes(block.miner),
    stateRoot: hexToBytes(block.stateRoot),
    receiptsRoot: hexToBytes(block.receiptsRoot),
    logsBloom: hexToBytes(block.logsBloom),
    prevRandao: hexToBytes(block.mixHash),
    blockNumber: slot,
    gasLimit: Number(block.gasLimit),
    gasUsed: Number(block.gasUsed),
    timestamp: Number(block.timestamp),
    extraData: hexToBytes(block.extraData),
    baseFeePerGas: block.baseFeePerGas ?? 0n,
    blockHash: hexToBytes(block.hash),
    transactionsRoot: new Uint8Array(32),
    withdrawalsRoot: new Uint8Array(32),
    blobGasUsed: 0n,
    excessBlobGas: 0n,
  }
}

/** The state's field roots the light-client proofs touch; the rest stay zero chunks. */
function stateLeavesOf(f: {
  slot: number
  executionRoot: Uint8Array
  checkpoint: Uint8Array
  current: Uint8Array
  next: Uint8Array
}): Uint8Array[] {
  const leaves: Uint8Array[] = Array.from({ length: 2 ** STATE_DEPTH }, () => new Uint8Array(32))
  leaves[FIELD.slot] = uint64Chunk(f.slot)
  leaves[FIELD.finalizedCheckpoint] = f.checkpoint
  leaves[FIELD.currentSyncCommittee] = f.current
  leaves[FIELD.nextSyncCommittee] = f.next
  leaves[FIELD.latestExecutionPayloadHeader] = f.executionRoot
  return leaves
}

/** altair `sync_aggregate`: every member signs the attested header root under the signature slot's fork domain. */
function signWith(
  context: EthereumLightClientContext,
  gvr: Uint8Array,
  update: LightClientUpdate,
  keys: readonly SecretKey[],
): Uint8Array {
  const fork = signingForkOf(context, update.signatureSlot)
  const signingRoot = computeSigningRoot(update, computeSyncCommitteeDomain(fork.version, gvr))
  return aggregateSecretKey(keys).sign(signingRoot).toBytes()
}

// The order of the BLS12-381 scalar field (the group order r).
const BLS_R = 0x73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001n
const aggregateKeys = new WeakMap<readonly SecretKey[], SecretKey>()

/**
 * One key whose signature equals the aggregate of every key's signature over
 * the same message: sum_i(sk_i * H(m)) = (sum_i sk_i) * H(m). The devnet signs
 * each update once instead of once per committee member (32x less signing in
 * the devnet process; the verifier sees the same bytes).
 */
function aggregateSecretKey(keys: readonly SecretKey[]): SecretKey {
  let key = aggregateKeys.get(keys)
  if (!key) {
    const sum = keys.reduce((acc, k) => (acc + BigInt(`0x${Buffer.from(k.toBytes()).toString('hex')}`)) % BLS_R, 0n)
    key = SecretKey.fromBytes(Buffer.from(sum.toString(16).padStart(64, '0'), 'hex'))
    aggregateKeys.set(keys, key)
  }
  return key
}

type SlotFacts = {
  slotsPerEpoch: number
  finalizedSlot: number
  finalizedRoot: Uint8Array
  parentRoot: Uint8Array
  current: Uint8Array
  next: Uint8Array
}

/** The beacon block (body committing to the execution payload header) and state leaves for one execution block. */
function buildSlotRecord(block: ExecutionBlock, f: SlotFacts): SlotRecord {
  const slot = Number(block.number)
  const execution = executionPayloadHeaderOf(block)
  const executionRoot = ssz.deneb.ExecutionPayloadHeader.hashTreeRoot(execution)
  const bodyLeaves: Uint8Array[] = Array.from({ length: 2 ** BODY_DEPTH }, () => new Uint8Array(32))
  bodyLeaves[BODY_EXECUTION_PAYLOAD] = executionRoot
  const stateLeaves = stateLeavesOf({
    slot,
    executionRoot,
    checkpoint: ssz.phase0.Checkpoint.hashTreeRoot({ epoch: f.finalizedSlot / f.slotsPerEpoch, root: f.finalizedRoot }),
    current: f.current,
    next: f.next,
  })
  const beacon = {
    slot,
    proposerIndex: slot % 64,
    parentRoot: f.parentRoot,
    stateRoot: merkleRoot(stateLeaves, STATE_DEPTH),
    bodyRoot: merkleRoot(bodyLeaves, BODY_DEPTH),
  }
  const header: LightClientHeader = {
    beacon,
    execution,
    executionBranch: merkleBranch(bodyLeaves, BODY_DEPTH, BODY_EXECUTION_PAYLOAD),
  }
  return { header, root: ssz.phase0.BeaconBlockHeader.hashTreeRoot(beacon), stateLeaves }
}

type DevCommittee = { keys: SecretKey[]; committee: SyncCommittee }

/** The development sync committee of each period, derived once and kept (every slot of a period shares it). */
function createDevCommitteeCache(syncCommitteeSize: number): (period: number) => DevCommittee {
  const committees = new Map<number, DevCommittee>()
  return (period) => {
    let entry = committees.get(period)
    if (!entry) {
      const keys = devCommitteeKeys(period, syncCommitteeSize)
      entry = { keys, committee: toSyncCommittee(keys) }
      committees.set(period, entry)
    }
    return entry
  }
}

/** The slot of the finalized checkpoint seen at `slot`: two epochs back, as Casper finalizes when all attest. */
function finalizedSlotAt(slot: number, slotsPerEpoch: number): number {
  return Math.max(0, Math.floor(slot / slotsPerEpoch) - 2) * slotsPerEpoch
}

/** The root of the finalized checkpoint seen at `slot`. */
function finalizedRootAt(slots: ReadonlyMap<number, SlotRecord>, slot: number, finalizedSlot: number): Uint8Array {
  // altair: at genesis the finalized checkpoint root is zero (and an update's finalized header empty)
  if (finalizedSlot === 0 || finalizedSlot === slot) return new Uint8Array(32)
  return slots.get(finalizedSlot)?.root ?? new Uint8Array(32)
}

type UpdateFacts = {
  attested: SlotRecord
  attestedSlot: number
  /** Null at genesis, where the update's finalized header is empty. */
  finalized: SlotRecord | null
  finalizedSlot: number
  nextSyncCommittee: SyncCommittee
  signerKeys: readonly SecretKey[]
}

/**
 * altair `create_light_client_update` from the attested and finalized slots, signed at the next slot by `signerKeys`.
 */
function buildLightClientUpdate(
  context: EthereumLightClientContext,
  genesisValidatorsRoot: Uint8Array,
  f: UpdateFacts,
): LightClientUpdate {
  const { config } = context
  const checkpointEpochChunk = uint64Chunk(f.finalizedSlot / config.slotsPerEpoch)
  const unsigned: LightClientUpdate = {
    attestedHeader: f.attested.header,
    nextSyncCommittee: f.nextSyncCommittee,
    nextSyncCommitteeBranch: merkleBranch(f.attested.stateLeaves, STATE_DEPTH, FIELD.nextSyncCommittee),
    finalizedHeader: f.finalized?.header ?? ssz.deneb.LightClientHeader.defaultValue(),
    finalityBranch: [
      checkpointEpochChunk,
      ...merkleBranch(f.attested.stateLeaves, STATE_DEPTH, FIELD.finalizedCheckpoint),
    ],
    syncAggregate: {
      syncCommitteeBits: BitArray.fromBoolArray(Array(config.syncCommitteeSize).fill(true)),
      syncCommitteeSignature: new Uint8Array(96),
    },
    signatureSlot: f.attestedSlot + 1,
  }
  const syncCommitteeSignature = signWith(context, genesisValidatorsRoot, unsigned, f.signerKeys)
  return { ...unsigned, syncAggregate: { ...unsigned.syncAggregate, syncCommitteeSignature } }
}

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
  const committeeOf = createDevCommitteeCache(config.syncCommitteeSize)
  const periodOf = (slot: number) => computeSyncCommitteePeriodAtSlot(config, slot)
  const finalizedSlotOf = (slot: number) => finalizedSlotAt(slot, config.slotsPerEpoch)

  function addBlock(block: ExecutionBlock): void {
    const slot = Number(block.number)
    if (slots.has(slot)) return
    const finalizedSlot = finalizedSlotOf(slot)
    const committeeRoots = {
      current: types.SyncCommittee.hashTreeRoot(committeeOf(periodOf(slot)).committee),
      next: types.SyncCommittee.hashTreeRoot(committeeOf(periodOf(slot) + 1).committee),
    }
    slots.set(
      slot,
      buildSlotRecord(block, {
        slotsPerEpoch: config.slotsPerEpoch,
        finalizedSlot,
        finalizedRoot: finalizedRootAt(slots, slot, finalizedSlot),
        parentRoot: slots.get(slot - 1)?.root ?? new Uint8Array(32),
        ...committeeRoots,
      }),
    )
  }

  const record = (slot: number): SlotRecord => slots.get(slot) ?? assertNever(`devnet beacon chain has no slot ${slot}`)

  /** altair `create_light_client_bootstrap` for the block at `slot`. */
  function bootstrap(slot: number): LightClientBootstrap {
    const r = record(slot)
    return {
      header: r.header,
      currentSyncCommittee: committeeOf(periodOf(slot)).committee,
      currentSyncCommitteeBranch: merkleBranch(r.stateLeaves, STATE_DEPTH, FIELD.currentSyncCommittee),
    }
  }

  /**
   * altair `create_light_client_update` for `attestedSlot`, signed at the
   * next slot by every member of that slot's committee (or, for rejection
   * tests, by the committee of `signerPeriod`).
   */
  function update(attestedSlot: number, signerPeriod?: number): LightClientUpdate {
    const finalizedSlot = finalizedSlotOf(attestedSlot)
    return buildLightClientUpdate(context, genesisValidatorsRoot, {
      attested: record(attestedSlot),
      attestedSlot,
      finalized: finalizedSlot === 0 || finalizedSlot === attestedSlot ? null : record(finalizedSlot),
      finalizedSlot,
      nextSyncCommittee: committeeOf(periodOf(attestedSlot) + 1).committee,
      signerKeys: committeeOf(signerPeriod ?? periodOf(attestedSlot + 1)).keys,
    })
  }

  return {
    addBlock,
    bootstrap,
    update,
    has: (slot: number) => slots.has(slot),
    rootOf: (slot: number) => record(slot).root,
    slotOfRoot: (root: Uint8Array) =>
      [...slots.entries()].find(([, r]) => Buffer.compare(Buffer.from(r.root), Buffer.from(root)) === 0)?.[0],
    periodOf,
    /** Drops slots older than `slot` (keeps `keep`, e.g. the bootstrap slot). */
    prune: (slot: number, keep: number) =>
      [...slots.keys()].filter((s) => s < slot && s !== keep).forEach((s) => slots.delete(s)),
  }
}

export type BeaconChainModel = ReturnType<typeof createBeaconChainModel>

function assertNever(message: string): never {
  throw new Error(message)
}
