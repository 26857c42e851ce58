// Test-only helper (not exported from the package).
import { once } from 'node:events'
import { connect, createServer, type AddressInfo, type Socket } from 'node:net'

export type TcpGate = {
  /** Where the gate listens (127.0.0.1). */
  port: number
  /** From now on, forward new connections upstream instead of hanging up on them. */
  open: () => void
  /** Stops listening and cuts every connection through it. */
  close: () => Promise<void>
}

/**
 * A TCP gate in front of `upstream` (a URL with host and port, e.g. the test Postgres): while closed it hangs up on
 * every connection (what a restarting or not-yet-ready server does), once opened it forwards. It listens from the
 * start, so no other process can take its port meanwhile.
 */
export async function startTcpGate(upstream: string): Promise<TcpGate> {
  const target = new URL(upstream)
  let opened = false
  const sockets = new Set<Socket>()
  const track = (socket: Socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  }
  const server = createServer((client) => {
    track(client)
    if (!opened) return void client.destroy()
    const far = connect(Number(target.port || 5432), target.hostname)
    track(far)
    client.pipe(far).pipe(client)
    client.on('error', () => far.destroy())
    far.on('error', () => client.destroy())
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const { port } = server.address() as AddressInfo // reason: a TCP server's address
  const close = () => {
    const closed = once(server, 'close')
    server.close()
    for (const socket of sockets) socket.destroy()
    return closed.then(() => undefined)
  }
  return { port, open: () => void (opened = true), close }
}
