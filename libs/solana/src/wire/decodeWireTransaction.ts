import bs58 from 'bs58'
import { getCompiledTransactionMessageDecoder, getTransactionDecoder } from '@solana/kit'
import { SolanaSourceError } from '../SolanaSourceError.js'

/**
 * A wire transaction (legacy or v0) in the shape of the JSON-RPC `json`
 * encoding, with instruction data as bytes.
 *
 * @example
 * const tx = decodeWireTransaction(bytes)
 * tx.accountKeys[tx.instructions[0].programIdIndex]
 */
export type WireTransaction = {
  /** base58, in account-key order; an all-zero (missing) signature is `1111…`. */
  signatures: string[]
  header: { numRequiredSignatures: number; numReadonlySignedAccounts: number; numReadonlyUnsignedAccounts: number }
  /** Static account keys (base58). */
  accountKeys: string[]
  recentBlockhash: string
  instructions: { programIdIndex: number; accounts: number[]; data: Uint8Array }[]
  version: 'legacy' | number
  addressTableLookups: { accountKey: string; writableIndexes: number[]; readonlyIndexes: number[] }[]
  /** The signed message bytes. */
  messageBytes: Uint8Array
}

const ZERO_SIGNATURE = bs58.encode(new Uint8Array(64))

/**
 * Decodes Solana wire bytes (signatures ++ message) with the web3.js codecs.
 * Pure; checks the format, not the signatures.
 *
 * @throws {SolanaSourceError} `TX_MALFORMED`.
 * @example
 * const { signatures, instructions } = decodeWireTransaction(Buffer.from(base64, 'base64'))
 */
export function decodeWireTransaction(bytes: Uint8Array): WireTransaction {
  try {
    const tx = getTransactionDecoder().decode(bytes)
    const message = getCompiledTransactionMessageDecoder().decode(tx.messageBytes)
    const { header } = message
    return {
      signatures: Object.values(tx.signatures).map((s) => (s ? bs58.encode(s) : ZERO_SIGNATURE)),
      header: {
        numRequiredSignatures: header.numSignerAccounts,
        numReadonlySignedAccounts: header.numReadonlySignerAccounts,
        numReadonlyUnsignedAccounts: header.numReadonlyNonSignerAccounts,
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
  } catch (error) {
    throw new SolanaSourceError('TX_MALFORMED', 'bytes are not a Solana wire transaction', { cause: error, meta: { bytes: bytes.length } })
  }
}
