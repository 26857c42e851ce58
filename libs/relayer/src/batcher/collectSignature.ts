import { isRelaymeshError } from '@relaymesh/errors'
import { isAddressEqual } from 'viem'
import { RelayerError } from '../RelayerError.js'
import type { BatchSignature } from './BatchSignature.js'
import type { BatchRow } from '../batch/BatchRow.js'
import type { BatchDomain } from '../batch/batchHeader.js'
import type { BatcherDeps, BatcherOptions } from './BatcherDeps.js'
import { decideCollect } from './decideCollect.js'
import { decideQuorum } from './decideQuorum.js'
import { recoverBatchSigner } from './verifyProposal.js'

export type CollectOutcome = 'stored' | 'quorum' | 'skipped' | 'rejected'

/**
 * The proposer's side of co-signing: keeps a signature only if its signer is
 * in the relayer set and it recovers to that signer over the batch hash this
 * relayer stored; when the batch holds `threshold` valid signatures it moves
 * to `signed` and the settler picks it up. An invalid signature is recorded
 * (`BATCH_SIGNATURE_INVALID`, stage `signatures`) and dropped.
 */
export async function collectSignature(
  deps: BatcherDeps,
  options: BatcherOptions,
  message: BatchSignature,
): Promise<CollectOutcome> {
  const { destination, batchIndex } = message
  const known = {
    proposing: options.proposers[String(destination)] === options.relayerId,
    fromSelf: isAddressEqual(message.signer, deps.account.address),
    batchHash: message.batchHash,
  }
  if (decideCollect(known) === 'skip') return 'skipped'
  const batch = await deps.store.findBatch({ destination, batchIndex })
  // A signature for a batch this relayer replaced, or one that already moved on, changes nothing.
  if (!batch || decideCollect({ ...known, batch }) === 'skip') return 'skipped'
  try {
    await assertValidSignature(deps, options, batch, destination, message)
  } catch (error) {
    if (!isRelaymeshError(error, 'BATCH_SIGNATURE_INVALID')) throw error
    await deps.store.recordRejections([
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
    deps.logger.warn(
      { destination, batchIndex: batchIndex.toString(), signer: message.signer, reason: error.details },
      'batch signature rejected',
    )
    return 'rejected'
  }
  // Checked against the batch read above: stored only if the batch still has that hash (a proposer refusing it at its
  // quorum timeout, then proposing again at the same index, races this delivery; a stale signature counted towards the
  // new batch would make a quorum the inbox rejects).
  await deps.store.storeSignature(message)
  return (await promoteIfQuorum(deps, options, destination, batchIndex)) ? 'quorum' : 'stored'
}

async function assertValidSignature(
  deps: BatcherDeps,
  options: BatcherOptions,
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
  const relayers = new Set(Object.values(options.relayers).map((a) => a.toLowerCase()))
  if (!relayers.has(message.signer.toLowerCase())) throw invalid('signer is not in the relayer set')
  const header = {
    destination,
    batchIndex: batch.batchIndex,
    root: batch.root,
    messageCount: batch.messageCount,
    previousBatchHash: batch.previousBatchHash,
  }
  const recovered = await recoverBatchSigner(header, message.signature, domainOf(deps, destination))
  if (!isAddressEqual(recovered, message.signer)) throw invalid(`signature recovers to ${recovered}`)
}

/** The destination's batch domain; a destination that is not a configured chain is a fatal config error. */
export function domainOf(deps: Pick<BatcherDeps, 'domains'>, destination: number): BatchDomain {
  const domain = deps.domains.get(destination)
  if (!domain)
    throw new RelayerError('destination is not a configured chain', {
      code: 'CONFIG_INVALID',
      action: 'fatal',
      meta: { destination },
    })
  return domain
}

/** Moves the batch to `signed` once it holds `threshold` signatures; true when it is (now) signed. */
export async function promoteIfQuorum(
  deps: BatcherDeps,
  options: Pick<BatcherOptions, 'threshold'>,
  destination: number,
  batchIndex: bigint,
): Promise<boolean> {
  const batch = await deps.store.getBatchSignatures({ destination, batchIndex })
  const decision = decideQuorum(batch && { state: batch.state, signatures: batch.signatures.length }, options.threshold)
  if (!batch || decision !== 'promote') return decision === 'signed'
  try {
    await deps.store.promoteBatch({ destination, batchIndex })
  } catch (error) {
    // Another delivery promoted it concurrently.
    if (!isRelaymeshError(error, 'ILLEGAL_TRANSITION')) throw error
  }
  deps.logger.info(
    { destination, batchIndex: batchIndex.toString(), signatures: batch.signatures.length },
    'batch reached quorum',
  )
  return true
}
