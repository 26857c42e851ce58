export type WatchNewHeadsParameters = {
  /** The node's WebSocket endpoint (`ws://` or `wss://`). */
  wsUrl: string
  /** Called for each `newHeads` notification with the block number. */
  onHead: (number: bigint) => void
  /** Called once the node confirmed the subscription (notifications flow from then on). */
  onSubscribed?: () => void
  /**
   * Called when the socket closed or could not open, with the wait before the next attempt (for the caller's log and
   * its fallback to polling).
   */
  onClose?: (reconnectInMs: number) => void
  /** First wait before reconnecting, doubled on each failure up to 30 s. Default 1,000 ms. */
  reconnectDelayMs?: number
  /** Closes the socket for good. */
  signal: AbortSignal
}

const MAX_RECONNECT_DELAY_MS = 30_000
const SUBSCRIBE_ID = 1

type JsonRpcMessage = { id?: unknown; result?: unknown; method?: unknown; params?: { result?: { number?: unknown } } }

/** What one message of the socket says: the subscription confirmed, a head, or nothing this cares about. */
function messageOf(data: unknown): { kind: 'subscribed' } | { kind: 'head'; number: bigint } | undefined {
  if (typeof data !== 'string') return undefined
  let message: JsonRpcMessage
  try {
    message = JSON.parse(data) // each field is checked below
  } catch {
    return undefined
  }
  if (message.id === SUBSCRIBE_ID && typeof message.result === 'string') return { kind: 'subscribed' }
  if (message.method !== 'eth_subscription') return undefined
  const number = message.params?.result?.number
  return typeof number === 'string' && /^0x[0-9a-fA-F]+$/.test(number)
    ? { kind: 'head', number: BigInt(number) }
    : undefined
}

/**
 * Calls `onHead(number)` for every new block the node announces: `eth_subscribe` to `newHeads` over Node's built-in
 * WebSocket, reopened with backoff whenever it closes, until `signal` aborts. A wake-up only: the header is not
 * trusted or decoded beyond its number, and a dropped socket loses nothing because the caller still polls over
 * JSON-RPC from its cursor.
 *
 * @example
 * watchNewHeads({ wsUrl: 'ws://127.0.0.1:8545', onHead: () => waker.wake(), signal })
 */
export function watchNewHeads(p: WatchNewHeadsParameters): void {
  const firstDelay = p.reconnectDelayMs ?? 1000
  let delay = firstDelay
  let retry: NodeJS.Timeout | undefined
  let socket: WebSocket | undefined
  const open = () => {
    retry = undefined
    if (p.signal.aborted) return
    const ws = new WebSocket(p.wsUrl)
    socket = ws
    ws.addEventListener('open', () => {
      ws.send(JSON.stringify({ jsonrpc: '2.0', id: SUBSCRIBE_ID, method: 'eth_subscribe', params: ['newHeads'] }))
    })
    ws.addEventListener('message', (event) => {
      const message = messageOf(event.data)
      if (message?.kind === 'subscribed') {
        delay = firstDelay
        p.onSubscribed?.()
      } else if (message?.kind === 'head') p.onHead(message.number)
    })
    // A refused connection fires `error` then `close`: reconnecting on `close` alone covers both.
    ws.addEventListener('close', () => {
      socket = undefined
      if (p.signal.aborted) return
      retry = setTimeout(open, delay)
      p.onClose?.(delay)
      delay = Math.min(delay * 2, MAX_RECONNECT_DELAY_MS)
    })
  }
  p.signal.addEventListener(
    'abort',
    () => {
      clearTimeout(retry)
      socket?.close()
    },
    { once: true },
  )
  open()
}
