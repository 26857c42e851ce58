import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'
import bs58 from 'bs58'
import {
  address,
  appendTransactionMessageInstruction,
  compileTransaction,
  createTransactionMessage,
  getBase64EncodedWireTransaction,
  getCompiledTransactionMessageDecoder,
  getTransactionDecoder,
  pipe,
  setTransactionMessageFeePayer,
  setTransactionMessageLifetimeUsingBlockhash,
  type Blockhash,
} from '@solana/kit'
import { signedOutbox, testSigner } from '../outbox/testing.js'
import { decodeWireTransaction, type WireTransaction } from './decodeWireTransaction.js'

const vectors = fileURLToPath(
  new URL(
    '../../../../../shared/vectors/solana/getBlock-solders-cluster-unconfirmed/get_block_base64_encoding.json',
    import.meta.url,
  ),
)

/** The decoding this file replaced (the web3.js codecs), kept as the reference the layout decoder must agree with. */
function decodeWithCodecs(bytes: Uint8Array): WireTransaction {
  const tx = getTransactionDecoder().decode(bytes)
  const message = getCompiledTransactionMessageDecoder().decode(tx.messageBytes)
  return {
    signatures: Object.values(tx.signatures).map((s) => bs58.encode(s ?? new Uint8Array(64))),
    header: {
      numRequiredSignatures: message.header.numSignerAccounts,
      numReadonlySignedAccounts: message.header.numReadonlySignerAccounts,
      numReadonlyUnsignedAccounts: message.header.numReadonlyNonSignerAccounts,
    },
    accountKeys: message.staticAccounts.map(String),
    recentBlockhash: message.lifetimeToken,
    instructions: message.instructions.map((ix) => ({
      programIdIndex: ix.programAddressIndex,
      accounts: ix.accountIndices ? [...ix.accountIndices] : [],
      data: ix.data ? new Uint8Array(ix.data) : new Uint8Array(0),
    })),
    version: message.version,
    addressTableLookups: ('addressTableLookups' in message ? (message.addressTableLookups ?? []) : []).map((l) => ({
      accountKey: String(l.lookupTableAddress),
      writableIndexes: [...l.writableIndexes],
      readonlyIndexes: [...l.readonlyIndexes],
    })),
    messageBytes: new Uint8Array(tx.messageBytes),
  }
}

const malformed = (bytes: Uint8Array) =>
  assert.throws(
    () => decodeWireTransaction(bytes),
    (e: { code?: string }) => e.code === 'TX_MALFORMED',
  )

describe('decodeWireTransaction', () => {
  it('reads the 25 transactions of a real block as the web3.js codecs do', () => {
    // reason: RPC result shape
    const block = (
      JSON.parse(readFileSync(vectors, 'utf8')) as { result: { transactions: { transaction: [string, string] }[] } }
    ).result
    assert.equal(block.transactions.length, 25)
    for (const { transaction } of block.transactions) {
      const bytes = Buffer.from(transaction[0], 'base64')
      assert.deepEqual(decodeWireTransaction(bytes), decodeWithCodecs(bytes))
    }
  })

  it('reads an outbox transaction, and a v0 one with an address table lookup, as the web3.js codecs do', async () => {
    const sender = await testSigner(3)
    const outbox = Buffer.from((await signedOutbox({ sender })).base64, 'base64')
    assert.deepEqual(decodeWireTransaction(outbox), decodeWithCodecs(outbox))
    const message = pipe(
      createTransactionMessage({ version: 0 }),
      (m) => setTransactionMessageFeePayer(sender.address, m),
      (m) =>
        setTransactionMessageLifetimeUsingBlockhash(
          { blockhash: bs58.encode(new Uint8Array(32).fill(7)) as Blockhash, lastValidBlockHeight: 1n },
          m,
        ),
      (m) =>
        appendTransactionMessageInstruction(
          { programAddress: address('MemoSq4gqABAXKb96qnH8TysNcWxMyWCqXgDLGmfcHr'), data: new Uint8Array([104, 105]) },
          m,
        ),
    )
    // unsigned: the zero signature reads as 1111…
    const v0 = Buffer.from(getBase64EncodedWireTransaction(compileTransaction(message)), 'base64')
    const decoded = decodeWireTransaction(v0)
    assert.equal(decoded.version, 0)
    assert.equal(decoded.signatures[0], '1'.repeat(64))
    assert.deepEqual(decoded, decodeWithCodecs(v0))
  })

  it('refuses truncated bytes, a signature count its signers disagree with, and an unknown version as TX_MALFORMED', async () => {
    const outbox = Buffer.from((await signedOutbox({ sender: await testSigner(3) })).base64, 'base64')
    malformed(new Uint8Array(0))
    malformed(outbox.subarray(0, 100))
    malformed(outbox.subarray(0, outbox.length - 1))
    const twoSignatures = Buffer.concat([Buffer.from([2]), outbox.subarray(1, 65), outbox.subarray(1)])
    malformed(twoSignatures)
    const version1 = Buffer.from(outbox)
    version1.copyWithin(66, 65) // make room for a version byte after the one signature
    version1[65] = 0x81
    malformed(version1)
  })
})
