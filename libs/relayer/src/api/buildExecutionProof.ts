import { getBatch, getBatchMessageIds, type MessageRecord, type StoreDb } from '@relaymesh/store'
import { isRelaymeshError } from '@relaymesh/errors'
import {
  bytesToHex,
  createMerkleTree,
  encodeMessageHex,
  messageId,
  MESSAGE_VERSION,
  type Hex,
  type MerkleTree,
} from '@relaymesh/protocol'
import type { ExecutionProof, MessageStatus } from '@relaymesh/sdk'

/**
 * Built batch trees by `destination:batchIndex:batchHash`, so a burst of status calls for one batch builds its tree
 * once.
 */
export type MerkleTreeCache = { get(key: string): MerkleTree | undefined; set(key: string, tree: MerkleTree): void }

/**
 * A least-recently-used cache of `max` trees (a 65,536-leaf tree holds ~4 MB).
 * Keyed by batch hash too, so a refused batch whose index was reused is never served stale.
 *
 * @example
 * const trees = createMerkleTreeCache(8)
 */
export function createMerkleTreeCache(max = 8): MerkleTreeCache {
  const trees = new Map<string, MerkleTree>()
  return {
    get(key) {
      const tree = trees.get(key)
      if (tree) {
        trees.delete(key)
        trees.set(key, tree)
      }
      return tree
    },
    set(key, tree) {
      trees.delete(key)
      trees.set(key, tree)
      for (const oldest of trees.keys()) {
        if (trees.size <= max) break
        trees.delete(oldest)
      }
    },
  }
}

export type BuildExecutionProofReturnType = Pick<MessageStatus, 'proof' | 'proofError'>

const noProof: BuildExecutionProofReturnType = { proof: null, proofError: null }

const broken = (code: string, message: string): BuildExecutionProofReturnType => ({
  proof: null,
  proofError: { code, message },
})

function encodeStored(record: MessageRecord): Hex {
  return encodeMessageHex({
    version: MESSAGE_VERSION,
    nonce: record.nonce,
    origin: record.origin,
    sender: bytesToHex(record.sender),
    destination: record.destination,
    recipient: bytesToHex(record.recipient),
    gasLimit: record.gasLimit,
    payload: bytesToHex(record.payload),
  })
}

async function batchTree(db: StoreDb, destination: number, batchIndex: bigint, cache: MerkleTreeCache) {
  const batch = await getBatch(db, { destination, batchIndex })
  if (!batch) return { batch, tree: undefined }
  const key = `${destination}:${batchIndex}:${bytesToHex(batch.batchHash)}`
  let tree = cache.get(key)
  if (!tree) {
    const ids = await getBatchMessageIds(db, { destination, batchIndex })
    if (ids.length === 0) return { batch, tree: undefined }
    tree = createMerkleTree(ids)
    if (tree.count !== batch.messageCount || tree.root !== bytesToHex(batch.root)) return { batch, tree: undefined }
    cache.set(key, tree)
  }
  return { batch, tree }
}

/**
 * The proof to execute a batched message by hand, rebuilt from the batch's
 * stored leaves (`getBatchMessageIds` + `createMerkleTree`). Checks that the
 * rebuilt root is the stored root, the leaf is the message id and the stored
 * fields hash to the id; when one does not hold, the database is inconsistent
 * and `proofError` says which check failed instead of handing out a proof
 * the inbox would refuse.
 *
 * @example
 * const { proof } = await buildExecutionProof(db, { record, cache: trees })
 * verifyMerkleProof({
 *   root: proof.header.root,
 *   count: proof.header.messageCount,
 *   index: proof.leafIndex,
 *   leaf: id,
 *   proof: proof.proof,
 * })
 */
export async function buildExecutionProof(
  db: StoreDb,
  parameters: { record: MessageRecord; cache: MerkleTreeCache },
): Promise<BuildExecutionProofReturnType> {
  const { record, cache } = parameters
  const { batchDestination: destination, batchIndex, leafIndex } = record
  if (destination === null || batchIndex === null || leafIndex === null) return noProof
  const { batch, tree } = await batchTree(db, destination, batchIndex, cache)
  if (!batch) return broken('BATCH_NOT_FOUND', 'the message points to a batch that is not stored')
  if (!tree) return broken('BATCH_ROOT_MISMATCH', 'the batch leaves stored do not rebuild the stored root')
  const id = bytesToHex(record.id)
  if (leafIndex >= tree.count || tree.leaf(leafIndex) !== id)
    return broken('PROOF_LEAF_MISMATCH', 'the leaf at the message leaf index is another id')
  let message: Hex
  try {
    message = encodeStored(record)
  } catch (error) {
    if (!isRelaymeshError(error)) throw error
    return broken('MESSAGE_UNENCODABLE', `the stored message cannot be encoded: ${error.code}`)
  }
  if (messageId(message) !== id) return broken('MESSAGE_ID_MISMATCH', 'the stored message fields do not hash to its id')
  const proof: ExecutionProof = {
    header: {
      destination,
      batchIndex: batchIndex.toString(),
      root: tree.root,
      messageCount: tree.count,
      previousBatchHash: bytesToHex(batch.previousBatchHash),
    },
    batchHash: bytesToHex(batch.batchHash),
    batchState: batch.state,
    message,
    leafIndex,
    proof: tree.proof(leafIndex),
  }
  return { proof, proofError: null }
}
