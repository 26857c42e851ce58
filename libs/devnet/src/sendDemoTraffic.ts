import type { Bridge, DevAccount } from '@relaymesh/localchain'
import { addressToBytes32 } from '@relaymesh/protocol'
import { createBridgeClient, sendMessage, sendToken, type BridgeClient } from '@relaymesh/sdk'
import { toHex, type PublicClient } from 'viem'

export type DemoTrafficStats = {
  sent: number
  tokens: number
  errors: number
  lastError: string | undefined
  /** Sent per destination domain (decimal). */ sentTo?: Record<string, number>
}

/** The SDK client of the devnet: both EVM stand-ins and the first relayer's API. */
export function createDemoBridgeClient(bridges: { ethereum: Bridge; bsc: Bridge }, api: string): BridgeClient {
  const chain = (b: Bridge) => ({
    publicClient: b.chain.publicClient as PublicClient,
    outbox: b.addresses.outbox,
    inbox: b.addresses.inbox,
    token: b.addresses.token,
  })
  return createBridgeClient({
    chains: { [bridges.ethereum.domain]: chain(bridges.ethereum), [bridges.bsc.domain]: chain(bridges.bsc) },
    api,
  })
}

/**
 * Demo traffic both ways THROUGH THE SDK (`sendMessage` to the destination's
 * no-op recipient, every fourth one a `sendToken` through the example
 * CrossChainToken): each sender account runs its own sequential loop per
 * chain (the SDK waits for each transaction), `perTick` sends per loop and
 * tick, until `signal` aborts or `limit` messages were sent.
 */
export async function sendDemoTraffic(p: {
  bridges: { ethereum: Bridge; bsc: Bridge }
  client: BridgeClient
  senders: DevAccount[]
  perTick: number
  intervalMs: number
  limit?: number
  signal: AbortSignal
  stats: DemoTrafficStats
}): Promise<void> {
  const routes: Array<[Bridge, Bridge]> = [
    [p.bridges.ethereum, p.bridges.bsc],
    [p.bridges.bsc, p.bridges.ethereum],
  ]
  const loops = p.senders.flatMap((sender) => routes.map(([from, to]) => runLoop(p, sender, from, to)))
  await Promise.all(loops)
}

async function runLoop(
  p: Parameters<typeof sendDemoTraffic>[0],
  sender: DevAccount,
  from: Bridge,
  to: Bridge,
): Promise<void> {
  const walletClient = from.chain.walletClientFor(sender)
  let tick = 0
  while (!p.signal.aborted && (p.limit === undefined || p.stats.sent < p.limit)) {
    for (let i = 0; i < p.perTick && !p.signal.aborted; i++) {
      // Only the first sender (the deployer) holds tokens to send.
      const useToken = sender === p.senders[0] && (tick + i) % 4 === 0
      try {
        if (useToken)
          await sendToken(p.client, {
            walletClient,
            destination: to.domain,
            recipient: sender.address,
            amount: 10n ** 15n,
          })
        else
          await sendMessage(p.client, {
            walletClient,
            destination: to.domain,
            recipient: addressToBytes32(to.addresses.noopRecipient),
            payload: toHex(`demo ${tick}:${i}`),
          })
        p.stats.sent++
        if (p.stats.sentTo) p.stats.sentTo[String(to.domain)] = (p.stats.sentTo[String(to.domain)] ?? 0) + 1
        if (useToken) p.stats.tokens++
      } catch (error) {
        p.stats.errors++
        p.stats.lastError = error instanceof Error ? error.message.split('\n')[0] : String(error)
      }
    }
    tick++
    await new Promise((resolve) => setTimeout(resolve, p.intervalMs))
  }
}
