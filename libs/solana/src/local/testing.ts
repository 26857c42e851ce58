// Helpers for the local chain's tests (not exported from the package entry).
import { getBase64EncodedWireTransaction, signTransactionMessageWithSigners, type KeyPairSigner } from '@solana/kit'
import { domains } from '@relaymesh/protocol'
import { buildOutboxTransaction } from '../outbox/buildOutboxTransaction.js'
import type { LocalSolana } from './startLocalSolana.js'

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- reason: JSON-RPC results have any shape
type RpcJson = any

export async function rpcCall(
  chain: LocalSolana,
  method: string,
  params: unknown[] = [],
): Promise<{ result?: RpcJson; error?: { code: number; message: string; data?: RpcJson } }> {
  const response = await fetch(chain.rpcUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  })
  return (await response.json()) as { result?: unknown; error?: { code: number; message: string } }
}

/** Funds `address` straight in LiteSVM (no transaction, no slot needed). */
export function fund(chain: LocalSolana, address: string, lamports = 10n ** 10n): void {
  chain.ledger.svm.airdrop(address as never, lamports as never) // reason: kit brands
}

/** A signed outbox transaction as base64 wire bytes. */
export async function outboxWire(
  chain: LocalSolana,
  sender: KeyPairSigner,
  feeAccount: string,
  options: { nonce?: bigint; fee?: bigint; payload?: `0x${string}`; blockhashSlot?: number } = {},
) {
  const slot = options.blockhashSlot ?? chain.ledger.slot
  const recentBlockhash = {
    blockhash: chain.ledger.block(slot)!.blockhash,
    lastValidBlockHeight: BigInt(chain.ledger.lastValidBlockHeight(slot)),
  }
  const built = buildOutboxTransaction({
    sender,
    feeAccount,
    fee: options.fee ?? 5000n,
    recentBlockhash,
    message: {
      nonce: options.nonce ?? 0n,
      origin: domains.solanaLocal,
      destination: domains.ethereumLocal,
      recipient: `0x${'22'.repeat(32)}`,
      payload: options.payload ?? '0x68656c6c6f',
    },
  })
  const signed = await signTransactionMessageWithSigners(built.transactionMessage)
  return { ...built, signed, base64: getBase64EncodedWireTransaction(signed) as string }
}
