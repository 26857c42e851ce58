import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { bytesToHex, keccak256, recoverTransactionAddress, type Hex } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { addressOnlyAccount } from '../context/addressOnlyAccount.js'
import type { RelayerChain } from '../context/createRelayerContext.js'
import { createTxSigner, type TxSigner } from './createTxSigner.js'
import { hashRawTx } from './hashRawTx.js'

const KEY: Hex = '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d'
const account = privateKeyToAccount(KEY)
// reason: the signer reads only the chain id
const chain = { chain: { id: 31337 } } as unknown as RelayerChain
const to = '0x5FbDB2315678afecb367f032d93F642f64180aa3'

const txOf = (data: Hex) => ({
  nonce: 7n,
  request: { to, data, gas: 1_500_000n },
  maxFeePerGas: 3_000_000_000n,
  maxPriorityFeePerGas: 1_000_000_000n,
})

describe('createTxSigner', () => {
  it("signs exactly what viem's signTransaction signs, for small and settlement-sized calldata", async () => {
    const sign = createTxSigner({ account, chain })
    for (const size of [0, 4, 68, 300_000]) {
      const data = bytesToHex(Uint8Array.from({ length: size }, (_, i) => (i * 31 + 7) & 255))
      const raw = await sign(txOf(data) as Parameters<typeof sign>[0]) // reason: the PendingTx fields the signer reads
      const expected = await account.signTransaction({
        chainId: 31337,
        type: 'eip1559',
        nonce: 7,
        to,
        data,
        gas: 1_500_000n,
        maxFeePerGas: 3_000_000_000n,
        maxPriorityFeePerGas: 1_000_000_000n,
      })
      assert.equal(raw, expected, `calldata of ${size} bytes`)
      // reason: an EIP-1559 serialisation
      assert.equal(await recoverTransactionAddress({ serializedTransaction: raw as never }), account.address)
    }
  })

  it('refuses in a service without the key (KEY_NOT_LOADED), as the account itself does', async () => {
    const keyless = addressOnlyAccount({ relayerId: 'r1', relayers: { r1: account.address } })
    const sign = createTxSigner({ account: keyless, chain })
    await assert.rejects(sign(txOf('0x') as Parameters<typeof sign>[0]), { code: 'KEY_NOT_LOADED' }) // reason: as above
  })
})

describe('hashRawTx', () => {
  it("is viem's keccak256 of the raw tx, for a settlement-sized tx", async () => {
    const data = bytesToHex(Uint8Array.from({ length: 300_000 }, (_, i) => i & 255))
    // reason: the PendingTx fields the signer reads
    const raw = await createTxSigner({ account, chain })(txOf(data) as Parameters<TxSigner>[0])
    assert.equal(hashRawTx(raw), keccak256(raw))
  })
})
