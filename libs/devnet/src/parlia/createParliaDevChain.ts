import { minerHistoryCheckLen } from '@relaymesh/light-client'
import type { Hex } from '@relaymesh/protocol'
import { hashBlockHeader, type RpcBlockHeader } from '@relaymesh/receipt-proof'
import type { ParliaDevSet, ParliaDevValidator } from './parliaDevValidators.js'
import { sealParliaHeader, voteParliaAttestation, type ExecutionBlock } from './sealParliaHeader.js'

export type ParliaDevChainOptions = {
  chainId: bigint
  /** Parlia `Epoch` from the chain config. */
  epochLength: bigint
  /** The set epoch block `index * epochLength` lists. */
  schedule: (epochIndex: bigint) => ParliaDevSet
}

/** A sealed header and the anvil block it was built over. */
export type ParliaDevBlock = { header: RpcBlockHeader; hash: Hex; anvilHash: Hex }

export type ParliaDevChain = ReturnType<typeof createParliaDevChain>

type Checkpoint = { number: bigint; hash: Hex }

/** The set sealing `n` and the epoch block that lists it (BEP-341 switch; epoch 0's set also seals epoch 0). */
export function parliaDevSealingSet(o: ParliaDevChainOptions, n: bigint): { set: ParliaDevSet; epoch: bigint } {
  const epoch = n - (n % o.epochLength)
  const index = epoch / o.epochLength
  const previous = o.schedule(index === 0n ? 0n : index - 1n)
  if (epoch === 0n || n - 1n >= epoch + minerHistoryCheckLen(previous)) return { set: o.schedule(index), epoch }
  return { set: previous, epoch: epoch - o.epochLength }
}

/**
 * A light client adopts an epoch block's set only once that block is final,
 * and the set takes over at epoch + minerHistoryCheckLen(previous): so
 * never seal with a set whose epoch block is not final (nobody could verify
 * the header, or anything after it). While paused, hold before the next
 * epoch block itself: finalizing it on resume takes the attested epoch + 1
 * and epoch + 2, which the previous set still seals (its
 * minerHistoryCheckLen is at least 2 in the dev schedule). Holding only at
 * the switch would leave no previous-set slot to finalize the epoch block
 * with, and the chain could never be verified again.
 */
function canSealWithFinalSet(
  o: ParliaDevChainOptions,
  n: bigint,
  chain: { finalized: bigint; voting: boolean },
): boolean {
  const { epoch } = parliaDevSealingSet(o, n)
  if (epoch !== 0n && epoch > chain.finalized) return false
  if (chain.voting) return true
  const epochBlock = n - (n % o.epochLength)
  return epochBlock === 0n || epochBlock <= chain.finalized
}

/** The in-turn validator of block `n`: `validators[(n / turnLength) % len]`. */
function inTurnSealer(set: ParliaDevSet, n: bigint): ParliaDevValidator {
  // reason: the index is below the set's length
  return set.validators[Number((n / BigInt(set.turnLength)) % BigInt(set.validators.length))] as ParliaDevValidator
}

/** BEP-126: every validator of `set` votes target = block n - 1, source = the highest justified (or n - 2). */
function attestParent(
  blocks: readonly ParliaDevBlock[],
  justified: Checkpoint | undefined,
  n: bigint,
  set: ParliaDevSet,
) {
  const parent = blocks[Number(n - 1n)] as ParliaDevBlock // reason: n >= 2 has a parent
  // reason: n >= 2
  const source = justified ?? { number: n - 2n, hash: (blocks[Number(n - 2n)] as ParliaDevBlock).hash }
  return voteParliaAttestation(set, set.validators, {
    sourceNumber: source.number,
    sourceHash: source.hash,
    targetNumber: n - 1n,
    targetHash: parent.hash,
  })
}

/**
 * The devnet Parlia signer's chain: one sealed Parlia header per anvil block,
 * chained by OUR hashes, with BSC's rules from the chain config: the set an
 * epoch block lists takes over at epoch + minerHistoryCheckLen(previous)
 * (BEP-341), the in-turn validator `validators[(n / turnLength) % len]` seals
 * with difficulty 2, and every header carries the BEP-126 attestation of all
 * validators of its parent's set (target = parent, source = highest justified),
 * which finalizes the source when the target is its child.
 *
 * `pauseVotes()` stops the vote signers: headers keep coming without
 * attestations (a valid BSC block) and nothing new finalizes. While paused
 * the chain holds before the next epoch block whose set is not final yet
 * (see `canExtend`), so that on resume the epoch block can still be
 * finalized before its set takes over.
 */
export function createParliaDevChain(o: ParliaDevChainOptions) {
  const blocks: ParliaDevBlock[] = []
  const byHash = new Map<Hex, bigint>()
  const anvilToOurs = new Map<Hex, Hex>()
  let justified: Checkpoint | undefined
  let finalized = -1n
  let voting = true

  const sealingSet = (n: bigint) => parliaDevSealingSet(o, n)

  const canExtend = (n: bigint): boolean => canSealWithFinalSet(o, n, { finalized, voting })

  /** Seals the next header over anvil block `block` (its number must be head + 1). */
  function extend(block: ExecutionBlock & { hash: Hex; parentHash: Hex }): ParliaDevBlock {
    const n = BigInt(block.number)
    if (n !== BigInt(blocks.length)) throw new Error(`parlia devnet: expected block ${blocks.length}, got ${n}`)
    const { set } = sealingSet(n)
    const sealer = inTurnSealer(set, n)
    const voters = n >= 2n ? sealingSet(n - 1n).set : undefined
    const attestation = voting && voters ? attestParent(blocks, justified, n, voters) : undefined
    const parentHash = n === 0n ? block.parentHash : (blocks[Number(n - 1n)] as ParliaDevBlock).hash // reason: n > 0
    const epochSet = n % o.epochLength === 0n ? o.schedule(n / o.epochLength) : undefined
    const header = sealParliaHeader({
      chainId: o.chainId,
      block,
      parentHash,
      sealer,
      inTurn: true,
      epochSet,
      attestation,
    })
    // reason: lowercasing keeps 0x
    const sealed = { header, hash: hashBlockHeader(header), anvilHash: block.hash.toLowerCase() as Hex }
    blocks.push(sealed)
    byHash.set(sealed.hash, n)
    anvilToOurs.set(sealed.anvilHash, sealed.hash)
    if (attestation) {
      const { data } = attestation
      justified = { number: data.targetNumber, hash: data.targetHash }
      if (data.sourceNumber + 1n === data.targetNumber && data.sourceNumber > finalized) finalized = data.sourceNumber
    }
    return sealed
  }

  return {
    options: o,
    extend,
    canExtend,
    sealingSet,
    /** Highest sealed number, or -1n before genesis. */
    head: () => BigInt(blocks.length) - 1n,
    block: (n: bigint): ParliaDevBlock | undefined => blocks[Number(n)],
    // reason: lowercasing keeps 0x
    numberOf: (hash: string): bigint | undefined => byHash.get(hash.toLowerCase() as Hex),
    // reason: lowercasing keeps 0x
    ourHash: (anvilHash: string): Hex | undefined => anvilToOurs.get(anvilHash.toLowerCase() as Hex),
    justified: () => justified,
    finalized: () => finalized,
    pauseVotes: () => void (voting = false),
    resumeVotes: () => void (voting = true),
    voting: () => voting,
  }
}
