import type { Hex } from 'viem'
import type { BatchStatus, DecimalString, IsoTime, MessageState, MessageSummary } from './ApiTypes.js'

// The relayer API's operator shapes (stats, listings, health, admin), beside the message and batch shapes of
// `ApiTypes.ts`. The server builds exactly these types, so the two sides cannot drift.

/**
 * `GET /v1/messages?sourceTx=0x..`: every message one source transaction sent, in log order.
 *
 * @example
 * const { messages }: MessagesBySourceTx = { sourceTxHash, messages: [] }
 */
export type MessagesBySourceTx = { sourceTxHash: Hex; messages: MessageSummary[] }

/**
 * Message counts per state; every state present.
 *
 * @example
 * const backlog = (c: StateCounts) => c.verified + c.batched + c.settled
 */
export type StateCounts = Record<MessageState, number>

/**
 * `GET /v1/stats`.
 *
 * @example
 * const { total, byRoute }: ApiStats = await getStats(client)
 * console.log(total.executed, byRoute['31337-56']?.failed)
 */
export type ApiStats = {
  total: StateCounts
  /** Keyed by destination domain (decimal). */
  byDestination: Record<string, StateCounts>
  /** Keyed by route, `<origin>-<destination>` (decimal domains). */
  byRoute: Record<string, StateCounts>
}

/**
 * A batch without its signatures and message ids (the list route).
 *
 * @example
 * const { batches } = await listBatches(client, { destination: 56 })
 * const newest: BatchSummary | undefined = batches[0]
 */
export type BatchSummary = Omit<BatchStatus, 'signatures' | 'messageIds'>

/**
 * `GET /v1/batches?destination=&state=&limit=&cursor=`: by destination, then index, both descending.
 *
 * @example
 * const page: BatchList = await listBatches(client, { state: 'proposed' })
 */
export type BatchList = { batches: BatchSummary[]; nextCursor: string | null }

/**
 * One route and whether this relayer's batcher is paused on it.
 *
 * @example
 * const view: RouteStateView = await setRoutePaused(client, { route: '31337-56', paused: true, token })
 */
export type RouteStateView = {
  route: string
  origin: number
  destination: number
  paused: boolean
  pausedAt: IsoTime | null
}

/**
 * `GET /v1/admin/routes`: every route with a message or a pause.
 *
 * @example
 * const paused = (await getRouteStates(client, { token })).routes.filter((r) => r.paused)
 */
export type RouteStates = { routes: RouteStateView[] }

/**
 * `POST /v1/admin/messages/:id/retry`: the message is due for execution again.
 *
 * @example
 * const { attempts }: RetryResult = await retryMessage(client, { id, token })
 */
export type RetryResult = { id: Hex; state: MessageState; attempts: number }

/**
 * One chain's inbox relayer set and this relayer's settler wallet there.
 *
 * @example
 * const low = (c: ChainRelayers) => c.settler.balanceWei !== null && BigInt(c.settler.balanceWei) < 10n ** 17n
 */
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

/**
 * `GET /v1/relayers`.
 *
 * @example
 * for (const chain of (await getRelayers(client)).chains) console.log(chain.name, chain.threshold)
 */
export type RelayerSets = { chains: ChainRelayers[] }

/**
 * `GET /readyz` (200 when `ready`, 503 otherwise).
 *
 * @example
 * const { ready, checks }: Readiness = await getReadiness(client)
 */
export type Readiness = { ready: boolean; checks: { postgres: boolean; nats: boolean } }

/**
 * `GET /healthz`.
 *
 * @example
 * const alive: Liveness = await getLiveness(client) // { status: 'ok' }
 */
export type Liveness = { status: 'ok' }

/**
 * The body of every non-2xx response; the SDK surfaces it as `BridgeSdkError` `API_ERROR` with `meta.apiCode`.
 *
 * @example
 * const body: ApiErrorBody = { error: { code: 'NOT_FOUND', message: 'no such message' } }
 */
export type ApiErrorBody = { error: { code: string; message: string } }

/**
 * One signed commitment of an equivocation proof: the exact signed bytes and the ed25519 signature (base64).
 *
 * @example
 * const signed: SignedCommitmentJson = { commitment: '0x…', signature: 'base64…' }
 */
export type SignedCommitmentJson = { commitment: `0x${string}`; signature: string }

/**
 * `GET /v1/equivocations`: each committee member this relayer can prove signed two different commitments for one
 * Solana slot. Each proof checks offline with `verifyEquivocationProof` from `@relaymesh/solana`.
 *
 * @example
 * const { proofs }: Equivocations = await (await fetch(`${apiUrl}/v1/equivocations`)).json()
 */
export type Equivocations = {
  proofs: { domain: number; slot: number; signer: string; first: SignedCommitmentJson; second: SignedCommitmentJson }[]
}
