import { isRelaymeshError } from '@relaymesh/errors'
import { hexToBytes } from '@relaymesh/protocol'
import { getBatch, recordRejections, storeBatchSignatures, transitionBatch } from '@relaymesh/store'
import { isAddressEqual } from 'viem'
import type { RelayerContext } from '../context/createRelayerContext.js'
import { RelayerError } from '../RelayerError.js'
import type { BatchSignature } from './BatchProposal.js'
import { findBatch } from '../batch/findBatch.js'
import type { BatchRow } from '../batch/BatchRow.js'
import { batchDestination } from '../batch/batchDestination.js'
import { relayerSet } from '../batch/relayerSet.js'
import { recoverBatchSigner } from './verifyProposal.js'

export type CollectOutcome = 'stored' | 'quorum' | 'skipped' | 'rejected'

/**
 * The proposer's side of co-signing: keeps a signature only if its signer is
 * in the relayer set and it recovers to that signer over the batch hash this
 * relayer stored; when the batch holds `threshold` valid signatures it moves
 * to `signed` and the settler picks it up. An invalid signature is recorded
 * (`BATCH_SIGNATURE_INVALID`, stage `signatures`) and dropped.
 */
export async function collectSignature(ctx: RelayerContext, message: BatchSignature): Promise<CollectOutcome> {
  const { destination, batchIndex } = message
  if (ctx.config.proposers[String(destination)] !== ctx.config.relayerId) return 'skipped'
  if (isAddressEqual(message.signer, ctx.account.address)) return 'skipped'
  const batch = await findBatch(ctx.db, destination, batchIndex)
  // A signature for a batch this relayer replaced, or one that already moved on, changes nothing.
  if (!batch || batch.batchHash !== message.batchHash || (batch.state !== 'proposed' && batch.state !== 'signed'))
    return 'skipped'
  try {
    await assertValidSignature(ctx, batch, destination, message)
  } catch (error) {
    if (!isRelaymeshError(error, 'BATCH_SIGNATURE_INVALID')) throw error
    await recordRejections(ctx.db, [
      {
        stage: 'signatures',
        reasonCode: error.code,
        details: {
          destination,
          batchIndex: batchIndex.toString(),
          batchHash: message.batchHash,
          signer: message.signer,
          reason: error.details,
        },
      },
    ])
    ctx.logger.warn(
      { destination, batchIndex: batchIndex.toString(), signer: message.signer, reason: error.details },
      'batch signature rejected',
    )
    return 'rejected'
  }
  // Checked against the batch read above: stored only if the batch still has that hash (a proposer refusing it at its
  // quorum timeout, then proposing again at the same index, races this delivery; a stale signature counted towards the
  // new batch would make a quorum the inbox rejects).
  await storeBatchSignatures(ctx.db, {
    destination,
    batchIndex,
    batchHash: hexToBytes(message.batchHash),
    signatures: [{ signer: hexToBytes(message.signer), signature: hexToBytes(message.signature) }],
  })
  return (await promoteIfQuorum(ctx, destination, batchIndex)) ? 'quorum' : 'stored'
}

async function assertValidSignature(
  ctx: RelayerContext,
  batch: BatchRow,
  destination: number,
  message: BatchSignature,
): Promise<void> {
  const invalid = (details: string) =>
    new RelayerError('batch signature is invalid', {
      code: 'BATCH_SIGNATURE_INVALID',
      details,
      meta: { signer: message.signer },
    })
  if (!relayerSet(ctx).has(message.signer.toLowerCase())) throw invalid('signer is not in the relayer set')
  const header = {
    destination,
    batchIndex: batch.batchIndex,
    root: batch.root,
    messageCount: batch.messageCount,
    previousBatchHash: batch.previousBatchHash,
  }
  const recovered = await recoverBatchSigner(header, message.signature, batchDestination(ctx, destination).domain)
  if (!isAddressEqual(recovered, message.signer)) throw invalid(`signature recovers to ${recovered}`)
}

/** Moves the batch to `signed` once it holds `threshold` signatures; true when it is (now) signed. */
export async function promoteIfQuorum(ctx: RelayerContext, destination: number, batchIndex: bigint): Promise<boolean> {
  const batch = await getBatch(ctx.db, { destination, batchIndex })
  if (!batch || batch.signatures.length < ctx.config.threshold) return false
  if (batch.state !== 'proposed') return batch.state === 'signed'
  try {
    await transitionBatch(ctx.db, { destination, batchIndex, to: 'signed' })
  } catch (error) {
    // Another delivery promoted it concurrently.
    if (!isRelaymeshError(error, 'ILLEGAL_TRANSITION')) throw error
  }
  ctx.logger.info(
    { destination, batchIndex: batchIndex.toString(), signatures: batch.signatures.length },
    'batch reached quorum',
  )
  return true
}
