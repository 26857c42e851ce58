import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { startAnvil, type AnvilInstance } from './startAnvil.js'
import { waitForMinedReceipt } from './waitForMinedReceipt.js'
import { LocalchainError } from './LocalchainError.js'

describe('waitForMinedReceipt (anvil)', () => {
  let chain: AnvilInstance
  before(async () => {
    chain = await startAnvil({ chainId: 31991 })
  })
  after(() => chain.stop())

  const send = () => chain.walletClient.sendTransaction({ to: '0x000000000000000000000000000000000000dEaD', value: 1n })

  it('returns the receipt of a transaction mined before the wait starts, with no block after it (the clients use it)', async () => {
    const hash = await send()
    // Automine: the block holding it may be the last; the wait must not need another one.
    const receipt = await chain.publicClient.waitForTransactionReceipt({ hash })
    assert.equal(receipt.transactionHash, hash)
    assert.equal(receipt.status, 'success')
  })

  it('returns once a pending transaction is mined, and says what the node knows when it never is', async () => {
    await chain.testClient.setAutomine(false)
    try {
      const hash = await send()
      const error = await waitForMinedReceipt(chain.publicClient, { hash, timeout: 300 }).catch((e: unknown) => e)
      assert.ok(error instanceof LocalchainError)
      assert.equal(error.code, 'RECEIPT_TIMEOUT')
      assert.match(error.message, /is pending \(nonce \d+\)/)
      const waiting = waitForMinedReceipt(chain.publicClient, { hash })
      await chain.testClient.mine({ blocks: 1 })
      assert.equal((await waiting).transactionHash, hash)
    } finally {
      await chain.testClient.setAutomine(true)
    }
  })
})
