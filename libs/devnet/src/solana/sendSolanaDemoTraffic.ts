import { addressToBytes32, domains } from '@relaymesh/protocol'
import type { Bridge } from '@relaymesh/localchain'
import { closeSolanaConnection, createSolanaConnection, Keypair, sendSolanaMessage } from '@relaymesh/solana/web3'
import { toHex } from 'viem'
import type { DemoTrafficStats } from '../sendDemoTraffic.js'
import type { LocalSolanaSource } from './startLocalSolanaSource.js'

/**
 * Demo traffic from the local Solana chain: memo-outbox messages (with
 * @solana/web3.js v1) to both EVM stand-ins' no-op recipients, `perTick`
 * per route every `intervalMs`, until `signal` aborts.
 */
export async function sendSolanaDemoTraffic(p: {
  source: LocalSolanaSource
  bridges: { ethereum: Bridge; bsc: Bridge }
  perTick: number
  intervalMs: number
  signal: AbortSignal
  stats: DemoTrafficStats
}): Promise<void> {
  const connection = createSolanaConnection(p.source.chain.rpcUrl, { wsUrl: p.source.chain.wsUrl })
  const sender = Keypair.generate()
  // reason: LiteSVM brands addresses and lamports (kit types)
  p.source.chain.ledger.svm.airdrop(sender.publicKey.toBase58() as never, (10n ** 12n) as never)
  try {
    await sendUntilAborted(p, connection, sender)
  } finally {
    // Its confirmations subscribe over the WebSocket: closed for good, so no reconnect outlives the devnet's Solana.
    closeSolanaConnection(connection)
  }
}

async function sendUntilAborted(
  p: Parameters<typeof sendSolanaDemoTraffic>[0],
  connection: ReturnType<typeof createSolanaConnection>,
  sender: Keypair,
): Promise<void> {
  for (let tick = 0; !p.signal.aborted; tick++) {
    for (const to of [p.bridges.ethereum, p.bridges.bsc]) {
      for (let i = 0; i < p.perTick && !p.signal.aborted; i++) {
        try {
          await sendSolanaMessage(connection, {
            sender,
            feeAccount: p.source.feeAccount,
            fee: p.source.minFee,
            origin: domains.solanaLocal,
            destination: to.domain,
            recipient: addressToBytes32(to.addresses.noopRecipient),
            payload: toHex(`solana demo ${tick}:${i}`),
          })
          p.stats.sent++
        } catch (error) {
          p.stats.errors++
          p.stats.lastError = error instanceof Error ? error.message.split('\n')[0] : String(error)
        }
      }
    }
    await new Promise((resolve) => setTimeout(resolve, p.intervalMs))
  }
}
