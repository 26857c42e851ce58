// web3.js v1 `Connection` against the local chain: sendTransaction, confirmTransaction
// (signatureSubscribe), getSignaturesForAddress, getTransaction, onLogs; and the SDK's ids.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { Connection, Keypair, LAMPORTS_PER_SOL } from '@solana/web3.js'
import { domains, type Hex } from '@relaymesh/protocol'
import { startLocalSolana, type LocalSolana } from '../local/startLocalSolana.js'
import { Subscriptions } from '../local/subscriptions.js'
import { fund } from '../local/testing.js'
import { solanaMessageNonce } from '../slot/solanaMessageNonce.js'
import { getSolanaMessageIds } from './getSolanaMessageIds.js'
import { sendSolanaMessage } from './sendSolanaMessage.js'
import { watchOutboxLogs } from '../rpc/watchOutboxLogs.js'

const recipient: Hex = `0x${'22'.repeat(32)}`

// No suite timeout: the runner's per-file budget bounds a hang; nothing below waits on a timer.
describe('sendSolanaMessage with a web3.js v1 Connection on the local chain', () => {
  let chain: LocalSolana
  let connection: Connection
  const feeAccount = Keypair.generate().publicKey.toBase58()
  before(async () => {
    chain = await startLocalSolana({ slotMs: 20, finalizedLag: 4 })
    connection = new Connection(chain.rpcUrl, { commitment: 'confirmed', wsEndpoint: chain.wsUrl })
    fund(chain, feeAccount, 10n ** 7n)
  })
  // web3.js reconnects its WebSocket forever when the server goes away before its own idle close (500 ms after the
  // last subscription). Rather than sleep past that and hope the close finished, turn reconnection off first.
  after(async () => {
    // reason: web3.js v1 keeps its rpc-websockets client private and has no close()
    ;(
      connection as unknown as { _rpcWebSocket: { setAutoReconnect(on: boolean): void } }
    )._rpcWebSocket.setAutoReconnect(false)
    await chain.stop()
  })

  it('sends, confirms, lists by address, reads back, notifies onLogs, and derives the assigned ids', async () => {
    const sender = Keypair.generate()
    fund(chain, sender.publicKey.toBase58(), BigInt(LAMPORTS_PER_SOL))
    const heard: string[] = []
    const logs = new AbortController()
    const onLogs = (signature: string) => heard.push(signature)
    watchOutboxLogs({ wsUrl: chain.wsUrl, feeAccount, onLogs, commitment: 'confirmed', signal: logs.signal })
    // The node must hold the logs subscription before anything is sent, or the notifications are lost.
    const subscriptions = [...chain.ledger.listeners].find((l): l is Subscriptions => l instanceof Subscriptions)
    assert.ok(subscriptions, 'the local chain serves subscriptions')
    while (subscriptions.size === 0) await new Promise((r) => setTimeout(r, 10))
    const base = {
      sender,
      feeAccount,
      fee: 5000n,
      origin: domains.solanaLocal,
      destination: domains.ethereumLocal,
      recipient,
    }
    const sent = await Promise.all([0, 1, 2].map((i) => sendSolanaMessage(connection, { ...base, payload: `0x0${i}` })))
    const listed = await connection.getSignaturesForAddress(sender.publicKey, { limit: 10 }, 'confirmed')
    assert.deepEqual(new Set(listed.map((s) => s.signature)), new Set(sent.map((s) => s.signature)))
    const tx = await connection.getTransaction(sent[0]!.signature, {
      commitment: 'confirmed',
      maxSupportedTransactionVersion: 0,
    })
    assert.equal(tx?.meta?.err, null)
    chain.advanceSlots(6)
    const ids = await getSolanaMessageIds(connection, {
      signatures: sent.map((s) => s.signature),
      origin: domains.solanaLocal,
      feeAccount,
      minFeeLamports: 5000n,
      slotsPerEpoch: chain.ledger.options.slotsPerEpoch,
    })
    assert.equal(ids.size, 3)
    for (const s of sent) assert.equal(ids.get(s.signature)![0]!.message.payload, s.memoMessage.payload)
    // Dense over the epoch (the only sender, epoch 0): in slot then position order, nonces 0, 1, 2.
    const ordered = sent
      .map((s) => ({ slot: s.slot, m: ids.get(s.signature)![0]! }))
      .sort((a, b) => a.slot - b.slot || a.m.position - b.m.position)
    assert.deepEqual(
      ordered.map((o) => o.m.message.nonce),
      [0, 1, 2].map((i) => solanaMessageNonce(0, i)),
    )
    assert.deepEqual(new Set(heard), new Set(sent.map((s) => s.signature)))
    logs.abort()
  })
})
