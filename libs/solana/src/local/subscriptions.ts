import type { WebSocket } from 'ws'
import type { Commitment, LedgerListener, TransactionRecord } from './LedgerTypes.js'
import type { LocalLedger } from './LocalLedger.js'
import { LocalRpcError } from './LocalRpcError.js'
import { stringifyRpcJson } from './jsonRpc.js'
import { commitmentOf, configAt, stringAt } from './rpcParams.js'

type Subscription =
  | { kind: 'signature'; socket: WebSocket; commitment: Commitment; signature: string }
  | { kind: 'logs'; socket: WebSocket; commitment: Commitment; mentions: string | null }
  | { kind: 'slot' | 'root'; socket: WebSocket }

const RANK: Record<Commitment, number> = { processed: 0, confirmed: 1, finalized: 2 }
const NOTIFICATION = {
  signature: 'signatureNotification',
  logs: 'logsNotification',
  slot: 'slotNotification',
  root: 'rootNotification',
} as const

/**
 * The WebSocket side of the local chain: `signatureSubscribe`, `logsSubscribe`,
 * `slotSubscribe`, `rootSubscribe` and their unsubscribes, fed by the ledger.
 */
export class Subscriptions implements LedgerListener {
  private readonly subscriptions = new Map<number, Subscription>()
  private nextId = 1

  constructor(private readonly ledger: LocalLedger) {}

  private notify(id: number, subscription: Subscription, result: unknown): void {
    if (subscription.socket.readyState !== subscription.socket.OPEN) return
    subscription.socket.send(
      stringifyRpcJson({
        jsonrpc: '2.0',
        method: NOTIFICATION[subscription.kind],
        params: { result, subscription: id },
      }),
    )
  }

  transaction(record: TransactionRecord, commitment: Commitment): void {
    for (const [id, s] of this.subscriptions) {
      if (s.kind === 'signature' && s.commitment === commitment && s.signature === record.signature) {
        this.notify(id, s, { context: { slot: record.slot }, value: { err: record.err } })
        this.subscriptions.delete(id) // a node drops a signature subscription after its one notification
      } else if (
        s.kind === 'logs' &&
        s.commitment === commitment &&
        (s.mentions === null || record.decoded.accountKeys.includes(s.mentions))
      ) {
        this.notify(id, s, {
          context: { slot: record.slot },
          value: { err: record.err, logs: record.logs, signature: record.signature },
        })
      }
    }
  }

  slot(slot: number, parent: number, root: number): void {
    for (const [id, s] of this.subscriptions) {
      if (s.kind === 'slot') this.notify(id, s, { parent, root, slot })
      else if (s.kind === 'root') this.notify(id, s, root)
    }
  }

  /** Drops every subscription of a closed socket. */
  closeSocket(socket: WebSocket): void {
    for (const [id, s] of this.subscriptions) if (s.socket === socket) this.subscriptions.delete(id)
  }

  private add(subscription: Subscription): number {
    const id = this.nextId++
    this.subscriptions.set(id, subscription)
    return id
  }

  private logsFilter(filter: unknown): string | null {
    if (filter === 'all' || filter === 'allWithVotes') return null
    // reason: the filter object is checked field by field
    const mentions = (filter as { mentions?: unknown } | null)?.mentions
    if (Array.isArray(mentions) && mentions.length === 1 && typeof mentions[0] === 'string') return mentions[0]
    throw new LocalRpcError(
      -32602,
      'Invalid params: logs filter must be "all", "allWithVotes" or { mentions: [address] }',
    )
  }

  /** Handles one WebSocket request; `after` runs once the response is on the wire. */
  handle(socket: WebSocket, method: string, params: readonly unknown[]): { result: unknown; after?: () => void } {
    switch (method) {
      case 'signatureSubscribe': {
        const signature = stringAt(params, 0, 'signature')
        const commitment = commitmentOf(configAt(params, 1))
        const sub: Subscription = { kind: 'signature', socket, commitment, signature }
        const id = this.add(sub)
        const record = this.ledger.bySignature.get(signature)
        if (!record || RANK[this.levelOf(record.slot)] < RANK[commitment]) return { result: id }
        // Already known at this level: notify at once, as a node does (web3.js waits on this).
        return {
          result: id,
          after: () => {
            this.notify(id, sub, { context: { slot: record.slot }, value: { err: record.err } })
            this.subscriptions.delete(id)
          },
        }
      }
      case 'logsSubscribe':
        return {
          result: this.add({
            kind: 'logs',
            socket,
            commitment: commitmentOf(configAt(params, 1)),
            mentions: this.logsFilter(params[0]),
          }),
        }
      case 'slotSubscribe':
        return { result: this.add({ kind: 'slot', socket }) }
      case 'rootSubscribe':
        return { result: this.add({ kind: 'root', socket }) }
      case 'signatureUnsubscribe':
      case 'logsUnsubscribe':
      case 'slotUnsubscribe':
      case 'rootUnsubscribe': {
        const id = params[0]
        const sub = typeof id === 'number' ? this.subscriptions.get(id) : undefined
        if (!sub || sub.socket !== socket) throw new LocalRpcError(-32602, 'Invalid subscription id')
        this.subscriptions.delete(id as number) // reason: checked to be a number above
        return { result: true }
      }
      default:
        throw new LocalRpcError(-32601, 'Method not found')
    }
  }

  private levelOf(slot: number): Commitment {
    if (slot <= this.ledger.slotAt('finalized')) return 'finalized'
    return slot <= this.ledger.slotAt('confirmed') ? 'confirmed' : 'processed'
  }

  get size(): number {
    return this.subscriptions.size
  }
}
