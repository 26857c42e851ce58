// sendSolanaMessages with a web3.js v1 Connection on the local chain: many memos per transaction,
// every one accepted and numbered by the relayers' rule, read back with getSolanaMessageIds.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { Connection, Keypair, LAMPORTS_PER_SOL } from '@solana/web3.js'
import { domains, type Hex } from '@relaymesh/protocol'
import { startLocalSolana, type LocalSolana } from '../local/startLocalSolana.js'
import { fund } from '../local/testing.js'
import { solanaMessageNonce } from '../slot/solanaMessageNonce.js'
import { getSolanaMessageIds } from './getSolanaMessageIds.js'
import { sendSolanaMessages } from './sendSolanaMessages.js'

const recipient: Hex = `0x${'22'.repeat(32)}`

// No suite timeout: the runner's per-file budget bounds a hang.
describe('sendSolanaMessages on the local chain', () => {
  let chain: LocalSolana
  let connection: Connection
  const feeAccount = Keypair.generate().publicKey.toBase58()
  before(async () => {
    chain = await startLocalSolana({ slotMs: 0, finalizedLag: 4 })
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

  it('60 messages in ~10 transactions; every id derived, in order, numbered per slot', async () => {
    const sender = Keypair.generate()
    fund(chain, sender.publicKey.toBase58(), BigInt(LAMPORTS_PER_SOL))
    const messages = Array.from({ length: 60 }, (_, i) => ({
      destination: i % 3 ? domains.ethereumLocal : domains.bscLocal,
      recipient,
      payload: `0x${i.toString(16).padStart(32, '0')}` as Hex,
    }))
    // The clock is stopped: confirmation needs the slot to move on, which a test drives by hand.
    const confirming = sendSolanaMessages(connection, {
      sender,
      feeAccount,
      fee: 5000n,
      origin: domains.solanaLocal,
      messages,
    })
    const ticking = setInterval(() => chain.advanceSlots(1), 50)
    const { transactions } = await confirming.finally(() => clearInterval(ticking))
    assert.ok(transactions.length < 60 / 4, `${transactions.length} transactions`)
    assert.deepEqual(
      transactions.flatMap((t) => t.memoMessages.map((m) => m.payload)),
      messages.map((m) => m.payload),
    )
    chain.advanceSlots(6)
    const signatures = transactions.map((t) => t.signature)
    const ids = await getSolanaMessageIds(connection, {
      signatures,
      origin: domains.solanaLocal,
      feeAccount,
      minFeeLamports: 5000n,
      slotsPerEpoch: chain.ledger.options.slotsPerEpoch,
    })
    assert.equal(ids.size, transactions.length)
    const relayed = signatures.flatMap((s) => ids.get(s) ?? [])
    assert.equal(relayed.length, 60)
    assert.deepEqual(
      relayed.map((m) => m.message.payload),
      messages.map((m) => m.payload),
    )
    assert.equal(new Set(relayed.map((m) => m.id)).size, 60)
    // Positions restart at 0 in each slot; nonces are dense over the epoch (the only sender, epoch 0): 0..59.
    const slots = relayed.map((m) => chain.ledger.bySignature.get(m.signature)!.slot)
    const expected = slots.map((slot, i) => slots.slice(0, i).filter((s) => s === slot).length)
    assert.deepEqual(
      relayed.map((m) => m.position),
      expected,
    )
    assert.ok(new Set(slots).size > 1, 'several slots')
    assert.deepEqual(
      relayed.map((m) => m.message.nonce),
      relayed.map((_, i) => solanaMessageNonce(0, i)),
    )
  })
})
