// Test helpers for outbox transactions (not exported from the package entry).
import bs58 from 'bs58'
import {
  createKeyPairSignerFromPrivateKeyBytes,
  getBase64EncodedWireTransaction,
  signTransactionMessageWithSigners,
  type KeyPairSigner,
} from '@solana/kit'
import { domains, type Hex } from '@relaymesh/protocol'
import { decodeWireTransaction } from '../wire/decodeWireTransaction.js'
import { buildOutboxTransaction, type BuildOutboxTransactionParameters } from './buildOutboxTransaction.js'
import type { JsonTransaction, SolanaTransactionResponse } from './SolanaTransactionResponse.js'

export const FEE_ACCOUNT = 'Fee1111111111111111111111111111111111111111'

export function testSigner(n: number): Promise<KeyPairSigner> {
  return createKeyPairSignerFromPrivateKeyBytes(new Uint8Array(32).fill(n))
}

export function testMessage(
  overrides: Partial<BuildOutboxTransactionParameters['message']> = {},
): BuildOutboxTransactionParameters['message'] & { gasLimit: number } {
  return {
    nonce: 1n,
    origin: domains.solanaLocal,
    destination: domains.ethereumLocal,
    recipient: `0x${'22'.repeat(32)}` as Hex,
    gasLimit: 200_000,
    payload: '0x68656c6c6f',
    ...overrides,
  }
}

export async function signedOutbox(parameters: Partial<BuildOutboxTransactionParameters> & { sender: KeyPairSigner }) {
  const built = buildOutboxTransaction({
    feeAccount: FEE_ACCOUNT,
    fee: 5000n,
    message: testMessage(),
    recentBlockhash: { blockhash: bs58.encode(new Uint8Array(32).fill(9)), lastValidBlockHeight: 150n },
    ...parameters,
  })
  const signed = await signTransactionMessageWithSigners(built.transactionMessage)
  return { ...built, signed, base64: getBase64EncodedWireTransaction(signed) as string }
}

/** The `json` encoding the RPC would return for these wire bytes. */
export function jsonResponse(
  base64: string,
  err: unknown = null,
): SolanaTransactionResponse & { transaction: JsonTransaction } {
  const wire = decodeWireTransaction(Buffer.from(base64, 'base64'))
  return {
    slot: 10,
    meta: { err },
    transaction: {
      signatures: wire.signatures,
      message: {
        accountKeys: wire.accountKeys,
        header: wire.header,
        instructions: wire.instructions.map((ix) => ({
          programIdIndex: ix.programIdIndex,
          accounts: ix.accounts,
          data: bs58.encode(ix.data),
        })),
      },
    },
  }
}
