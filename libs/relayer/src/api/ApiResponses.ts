import type { Hex } from '@relaymesh/protocol'
import type { BatchState, MessageState, Verification } from '@relaymesh/store'

/**
 * The JSON the relayer API sends, shared by the server and the typed client.
 * On the wire a bigint is a decimal string, bytes are lowercase `0x` hex and a
 * time is an ISO-8601 string (or null when the hop has not happened).
 */

/** A decimal integer string (a uint64 such as a nonce or a batch index). */
export type DecimalString = string
/** An ISO-8601 timestamp. */
export type IsoTime = string

/** One rejection or failure recorded for a message, oldest first. */
export type RejectionView = {
  /** `verify`, `cosign`, `execute`, `dead-letter`, ... */
  stage: string
  reasonCode: string
  details: unknown
  at: IsoTime
}

/** A message without its execution proof (the list routes). */
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
  /** Execution attempts so far. */
  attempts: number
  rejections: RejectionView[]
  hops: { observed: IsoTime | null; verified: IsoTime | null; batched: IsoTime | null; settled: IsoTime | null; executed: IsoTime | null }
  source: { blockNumber: DecimalString; blockHash: Hex; txHash: Hex; logIndex: number }
  batch: { destination: number; batchIndex: DecimalString; leafIndex: number } | null
  executionTxHash: Hex | null
  /** W3C traceparent of the message's trace (find it in Jaeger by its trace id). */
  traceparent: string | null
}

/** `BatchHeader` of PROTOCOL.md, as the SettlementInbox takes it. */
export type BatchHeaderView = {
  destination: number
  batchIndex: DecimalString
  root: Hex
  messageCount: number
  previousBatchHash: Hex
}

/**
 * Everything needed to execute a message by hand:
 * `SettlementInbox.execute(header, [message], [leafIndex], proof)` (a
 * multiproof of one leaf is its single proof).
 */
export type ExecutionProof = {
  header: BatchHeaderView
  batchHash: Hex
  /** The batch must be `settled` before the inbox accepts the proof. */
  batchState: BatchState
  /** The packed message encoding (PROTOCOL.md "Message"); its keccak256 is the id. */
  message: Hex
  leafIndex: number
  /** `ceil(log2(messageCount))` sibling hashes, bottom-up. */
  proof: Hex[]
}

/** `GET /v1/messages/:id`. */
export type MessageStatus = MessageSummary & {
  /** Present when the message is in a batch and its proof could be built. */
  proof: ExecutionProof | null
  /** Why `proof` is null although the message is in a batch (the stored batch disagrees with its leaves). */
  proofError: { code: string; message: string } | null
}

/**
 * `GET /v1/messages/:id` for an id that was claimed but never proven (a forged
 * receipt proof, a log from another contract, a malformed message): it has no
 * message row, only its rejections. It never settles.
 */
export type RejectedClaimStatus = { id: Hex; state: 'rejected'; stored: false; reasonCode: string; rejections: RejectionView[] }

/** `GET /v1/messages?sourceTx=0x..`. */
export type MessagesBySourceTx = { sourceTxHash: Hex; messages: MessageSummary[] }

/** `GET /v1/batches/:destination/:index`. */
export type BatchStatus = BatchHeaderView & {
  state: BatchState
  batchHash: Hex
  proposer: Hex
  submitTxHash: Hex | null
  /** Ordered by ascending signer, as `submitBatch` takes them. */
  signatures: { signer: Hex; signature: Hex }[]
  /** In leaf order. */
  messageIds: Hex[]
  times: { proposed: IsoTime; signed: IsoTime | null; submitted: IsoTime | null; settled: IsoTime | null }
  traceparent: string | null
}

/** Message counts per state; every state present. */
export type StateCounts = Record<MessageState, number>

/** `GET /v1/stats`. */
export type ApiStats = {
  total: StateCounts
  /** Keyed by destination domain (decimal). */
  byDestination: Record<string, StateCounts>
  /** Keyed by route, `<origin>-<destination>` (decimal domains). */
  byRoute: Record<string, StateCounts>
}

/**
 * `GET /v1/messages?sender=&route=&state=&from=&to=&limit=&cursor=`: newest
 * first (stored time, then id). Pass `nextCursor` back as `cursor` for the
 * next page; null on the last page.
 */
export type MessageList = { messages: MessageSummary[]; nextCursor: string | null }

/** A batch without its signatures and message ids (the list route). */
export type BatchSummary = Omit<BatchStatus, 'signatures' | 'messageIds'>

/** `GET /v1/batches?destination=&state=&limit=&cursor=`: by destination, then index, both descending. */
export type BatchList = { batches: BatchSummary[]; nextCursor: string | null }

/** One route and whether this relayer's batcher is paused on it. */
export type RouteStateView = { route: string; origin: number; destination: number; paused: boolean; pausedAt: IsoTime | null }

/** `GET /v1/admin/routes`: every route with a message or a pause. */
export type RouteStates = { routes: RouteStateView[] }

/** `POST /v1/admin/messages/:id/retry`: the message is due for execution again. */
export type RetryResult = { id: Hex; state: MessageState; attempts: number }

/** One chain's inbox relayer set and this relayer's settler wallet there. */
export type ChainRelayers = {
  domain: number
  name: string
  inbox: Hex
  /** The inbox's current set (`relayers()`); null when the chain could not be read. */
  relayers: Hex[] | null
  threshold: number | null
  /** Whether the inbox's pauser stopped it (nothing settles or executes); null when unreadable. */
  paused: boolean | null
  pauser: Hex | null
  /** A set the current quorum proposed, applicable from `eta` on: operators see a rotation before it takes effect. */
  pendingRotation: { relayers: Hex[]; threshold: number; pauser: Hex; eta: IsoTime } | null
  settler: { address: Hex; balanceWei: DecimalString | null }
  /** Why a field above is null. */
  error: { code: string; message: string } | null
}

/** `GET /v1/relayers`. */
export type RelayerSets = { chains: ChainRelayers[] }

/** `GET /readyz` (200 when `ready`, 503 otherwise). */
export type Readiness = { ready: boolean; checks: { postgres: boolean; nats: boolean } }

/** `GET /healthz`. */
export type Liveness = { status: 'ok' }

/** `GET /openapi.json`: an OpenAPI 3.1 document. */
export type OpenApiDocument = Record<string, unknown>

/** Every non-2xx response. */
export type ApiErrorBody = { error: { code: string; message: string } }

/** One signed commitment of an equivocation proof: the exact signed bytes and the ed25519 signature (base64). */
export type SignedCommitmentJson = { commitment: `0x${string}`; signature: string }

/**
 * `GET /v1/equivocations`: each committee member this relayer can prove signed two different commitments for one
 * Solana slot. Each proof checks offline with `verifyEquivocationProof` from `@relaymesh/solana`.
 */
export type Equivocations = { proofs: { domain: number; slot: number; signer: string; first: SignedCommitmentJson; second: SignedCommitmentJson }[] }
