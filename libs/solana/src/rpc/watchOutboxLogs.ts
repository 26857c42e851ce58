export type WatchOutboxLogsParameters = {
  /** The node's PubSub endpoint (`ws://` or `wss://`). */
  wsUrl: string
  /** The outbox fee account: the subscription's `mentions` filter. */
  feeAccount: string
  /** Called for each transaction that mentions the fee account, with its signature and slot. */
  onLogs: (signature: string, slot: number) => void
  /** Default `finalized`. */
  commitment?: 'processed' | 'confirmed' | 'finalized'
  /**
   * First wait before reconnecting a closed or refused socket, doubled on each failure up to 30 s. Default 1,000 ms.
   */
  reconnectDelayMs?: number
  /** Called when the socket closed or could not open, with the wait before the next attempt (for the caller's log). */
  onClose?: (reconnectInMs: number) => void
  /** Closes the socket for good. */
  signal: AbortSignal
}

const MAX_RECONNECT_DELAY_MS = 30_000

type LogsNotification = { method?: unknown; params?: { result?: { context?: { slot?: unknown }; value?: unknown } } }

/** The signature and slot of a `logsNotification`, or undefined for any other message (the subscribe answer). */
function notificationOf(data: unknown): { signature: string; slot: number } | undefined {
  if (typeof data !== 'string') return undefined
  let message: LogsNotification
  try {
    message = JSON.parse(data) // each field is checked below
  } catch {
    return undefined
  }
  if (message.method !== 'logsNotification') return undefined
  const slot = message.params?.result?.context?.slot
  // reason: checked below
  const signature = (message.params?.result?.value as { signature?: unknown } | undefined)?.signature
  return typeof slot === 'number' && typeof signature === 'string' ? { signature, slot } : undefined
}

/**
 * Calls `onLogs(signature, slot)` for every transaction mentioning the fee account at `commitment`: a
 * `logsSubscribe` over Node's built-in WebSocket, reopened with backoff whenever it closes, until `signal` aborts.
 * A wake-up only: the log text is never decoded, and a dropped socket loses nothing because the caller still pages
 * `getSignaturesForAddress` from its cursor. Node's WebSocket (undici, part of the binary) instead of a web3.js
 * `Connection`: a watcher that polls over JSON-RPC then loads neither web3.js nor the `ws` package (~10 MiB idle).
 *
 * @example
 * watchOutboxLogs({ wsUrl, feeAccount, onLogs: () => wake.abort(), signal })
 */
export function watchOutboxLogs(p: WatchOutboxLogsParameters): void {
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
      delay = firstDelay
      const params = [{ mentions: [p.feeAccount] }, { commitment: p.commitment ?? 'finalized' }]
      ws.send(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'logsSubscribe', params }))
    })
    ws.addEventListener('message', (event) => {
      const logs = notificationOf(event.data)
      if (logs) p.onLogs(logs.signature, logs.slot)
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
