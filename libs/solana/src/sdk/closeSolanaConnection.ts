import type { Connection } from '@solana/web3.js'

/** The part of web3.js v1's private WebSocket client (rpc-websockets) that stops it. */
type RpcWebSocketClient = { setAutoReconnect(reconnect: boolean): void; close(code?: number): void }

/**
 * Closes a web3.js v1 `Connection`'s WebSocket for good; call it once its
 * subscriptions are removed. web3.js has no close of its own: it closes an idle
 * socket 500 ms after the last subscription goes, but only while connected.
 * When the server is gone its client reconnects forever (`max_reconnects:
 * Infinity`), and the reconnect timer keeps a stopped process alive: a relayer
 * watcher whose Solana RPC had died never exited after SIGTERM. Turning
 * reconnection off first makes the close final, also from a reconnect gap (the
 * pending attempt fails once and stops). A no-op without a socket.
 *
 * @example
 * const connection = createSolanaConnection(rpcUrl, { wsUrl })
 * await sendSolanaMessage(connection, parameters) // waits on a signatureSubscribe over the socket
 * closeSolanaConnection(connection)
 */
export function closeSolanaConnection(connection: Connection): void {
  // reason: private in web3.js v1, which has no public close
  const socket = (connection as unknown as { _rpcWebSocket?: RpcWebSocketClient })._rpcWebSocket
  socket?.setAutoReconnect(false)
  socket?.close()
}
