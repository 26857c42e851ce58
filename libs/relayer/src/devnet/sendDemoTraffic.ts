import { addressToBytes32 } from '@relaymesh/protocol'
import type { Bridge, DevAccount } from '@relaymesh/localchain'
import { toHex } from 'viem'

export type DemoTrafficStats = { sent: number; tokens: number; errors: number; lastError: string | undefined }

/**
 * Demo traffic both ways: plain messages to the destination's no-op recipient
 * and token transfers through the example CrossChainToken, `perTick` of each
 * route every `intervalMs`, until `signal` aborts or `limit` messages were sent.
 */
export async function sendDemoTraffic(p: {
  bridges: { ethereum: Bridge; bsc: Bridge }
  sender: DevAccount
  perTick: number
  intervalMs: number
  limit?: number
  signal: AbortSignal
  stats: DemoTrafficStats
}): Promise<void> {
  const routes: Array<[Bridge, Bridge]> = [[p.bridges.ethereum, p.bridges.bsc], [p.bridges.bsc, p.bridges.ethereum]]
  let tick = 0
  while (!p.signal.aborted && (p.limit === undefined || p.stats.sent < p.limit)) {
    // One account sends on both chains: sequential per chain keeps its nonces in order, the two chains run in parallel.
    await Promise.all(routes.map(async ([from, to]) => {
      for (let i = 0; i < p.perTick && !p.signal.aborted; i++) {
        const useToken = (tick + i) % 4 === 0
        try {
          if (useToken) await from.token.write.transferRemote([to.domain, addressToBytes32(p.sender.address), 10n ** 15n], { account: p.sender })
          else await from.outbox.write.dispatch([to.domain, addressToBytes32(to.addresses.noopRecipient), toHex(`demo ${tick}:${i}`)], { account: p.sender })
          p.stats.sent++
          if (useToken) p.stats.tokens++
        } catch (error) {
          p.stats.errors++
          p.stats.lastError = error instanceof Error ? error.message.split('\n')[0] : String(error)
        }
      }
    }))
    tick++
    await new Promise((resolve) => setTimeout(resolve, p.intervalMs))
  }
}
