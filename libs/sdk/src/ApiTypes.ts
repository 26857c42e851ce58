import type { Hex } from 'viem'

/**
 * The relayer API's JSON, as the SDK reads it (the server's `ApiResponses.ts`;
 * `types.test.ts` checks the two stay assignable). On the wire a uint64 is a
 * decimal string, bytes are lowercase `0x` hex and a time is ISO-8601.
 *
 * @example
 * const nonce: DecimalString = '42'
 */
export type DecimalString = string

/**
 * An ISO-8601 timestamp.
 *
 * @example
 * const at: IsoTime = '2025-01-01T00:00:00.000Z'
 */
export type IsoTime = string

/**
 * Where a message is on its way. `failed` (the recipient reverted) is retryable;
 * `rejected` and `executed` are final.
 *
 * @example
 * const state: MessageState = 'executed'
 */
export type MessageState = 'observed' | 'verified' | 'rejected' | 'batched' | 'settled' | 'executed' | 'failed'

/**
 * Where a batch is on its way to the destination inbox.
 *
 * @example
 * if (proof.batchState === 'settled') await executeMessage(client, { walletClient, id })
 */
export type BatchState = 'proposed' | 'signed' | 'submitted' | 'settled' | 'refused'

/**
 * How the relayers verified the message's source (BRIEF "Trust model per route").
 *
 * @example
 * if (message.verification !== 'light-client') console.warn('not light-client verified')
 */
export type Verification = 'light-client' | 'attested' | 'confirmations'

/**
 * One rejection or failure recorded for a message, oldest first.
 *
 * @example
 * for (const r of message.rejections) console.log(r.stage, r.reasonCode)
 */
export type RejectionView = { stage: string; reasonCode: string; details: unknown; at: IsoTime }

/**
 * A message as the API lists it (no proof).
 *
 * @example
 * const { messages } = await getMessagesBySender(client, { sender })
 * const first: MessageSummary | undefined = messages[0]
 */
export type MessageSummary = {
  id: Hex
  state: MessageState
  origin: number
  destination: number
  nonce: DecimalString
  sender: Hex
  recipient: Hex
  /** Gas the destination inbox calls the recipient with (PROTOCOL.md "Execution gas"). */
  gasLimit: number
  payload: Hex
  verification: Verification
  /** Why it was rejected or why its last execution failed; null otherwise. */
  reasonCode: string | null
  attempts: number
  rejections: RejectionView[]
  hops: {
    observed: IsoTime | null
    verified: IsoTime | null
    batched: IsoTime | null
    settled: IsoTime | null
    executed: IsoTime | null
  }
  /** The finalized source block the message was verified in. */
  source: { blockNumber: DecimalString; blockHash: Hex; txHash: Hex; logIndex: number }
  batch: { destination: number; batchIndex: DecimalString; leafIndex: number } | null
  executionTxHash: Hex | null
  traceparent: string | null
}

/**
 * `BatchHeader` of PROTOCOL.md as JSON (`batchIndex` in decimal).
 *
 * @example
 * const header: BatchHeaderView = { destination: 31356, batchIndex: '0', root, messageCount: 4, previousBatchHash }
 */
export type BatchHeaderView = {
  destination: number
  batchIndex: DecimalString
  root: Hex
  messageCount: number
  previousBatchHash: Hex
}

/**
 * What `SettlementInbox.execute(header, [message], [leafIndex], proof)` needs.
 *
 * @example
 * verifyMerkleProof({
 *   root: p.header.root,
 *   count: p.header.messageCount,
 *   index: p.leafIndex,
 *   leaf: id,
 *   proof: p.proof,
 * })
 */
export type ExecutionProof = {
  header: BatchHeaderView
  batchHash: Hex
  batchState: BatchState
  /** The packed message encoding; its keccak256 is the id. */
  message: Hex
  leafIndex: number
  /** `ceil(log2(messageCount))` sibling hashes, bottom-up. */
  proof: Hex[]
}

/**
 * `GET /v1/messages/:id` for a stored message.
 *
 * @example
 * const status = await getMessage(client, { id })
 * if (!('stored' in status) && status.proof) console.log(status.proof.leafIndex)
 */
export type MessageStatus = MessageSummary & {
  proof: ExecutionProof | null
  proofError: { code: string; message: string } | null
}

/**
 * `GET /v1/messages/:id` for an id claimed but never proven: only its rejections. It never settles.
 *
 * @example
 * if ('stored' in status) console.log('rejected claim:', status.reasonCode)
 */
export type RejectedClaimStatus = {
  id: Hex
  state: 'rejected'
  stored: false
  reasonCode: string
  rejections: RejectionView[]
}

/**
 * `GET /v1/batches/:destination/:index`.
 *
 * @example
 * const batch = await getBatch(client, { destination: 31356, batchIndex: 0n })
 * console.log(batch.signatures.length, 'signatures')
 */
export type BatchStatus = BatchHeaderView & {
  state: BatchState
  batchHash: Hex
  proposer: Hex
  submitTxHash: Hex | null
  /** Ordered by ascending signer, as `submitBatch` takes them. */
  signatures: { signer: Hex; signature: Hex }[]
  messageIds: Hex[]
  times: { proposed: IsoTime; signed: IsoTime | null; submitted: IsoTime | null; settled: IsoTime | null }
  traceparent: string | null
}

/**
 * A page of `GET /v1/messages?sender=&route=&state=&from=&to=&cursor=`.
 *
 * @example
 * const page: MessagePage = await getMessagesBySender(client, { sender })
 */
export type MessagePage = { messages: MessageSummary[]; nextCursor: string | null }
