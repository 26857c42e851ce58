import { createServer, connect, type Socket } from 'node:net'
import type { AddressInfo } from 'node:net'

export type StallingProxy = {
  url: string
  /** Holds back what the server sends to clients until `resume`, as a starved process or a stalled link would. */
  stall: () => void
  /** Delivers what was held back, in order, and forwards at once again. */
  resume: () => void
  close: () => Promise<void>
}

/**
 * A TCP proxy in front of nats-server whose server-to-client direction can be stalled: the client sees neither
 * heartbeats nor deliveries for a while, then all of them at once. Tests use it to play a process starved of CPU.
 */
export async function startStallingProxy(target: { host: string; port: number }): Promise<StallingProxy> {
  let stalled = false
  const held: { to: Socket; chunk: Buffer }[] = []
  const sockets = new Set<Socket>()
  const server = createServer((client) => {
    const upstream = connect(target)
    for (const s of [client, upstream]) {
      sockets.add(s)
      s.on('close', () => sockets.delete(s))
      s.on('error', () => s.destroy())
    }
    client.on('data', (chunk) => upstream.write(chunk))
    upstream.on('data', (chunk) => (stalled ? held.push({ to: client, chunk }) : client.write(chunk)))
    client.on('close', () => upstream.destroy())
    upstream.on('close', () => client.destroy())
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  // reason: a TCP server listening on a port has an AddressInfo address
  const { port } = server.address() as AddressInfo
  return {
    url: `nats://127.0.0.1:${port}`,
    stall: () => {
      stalled = true
    },
    resume: () => {
      stalled = false
      for (const { to, chunk } of held.splice(0)) to.write(chunk)
    },
    close: async () => {
      for (const s of sockets) s.destroy()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
