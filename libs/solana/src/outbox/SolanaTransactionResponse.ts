/**
 * A transaction as the JSON-RPC returns it from `getTransaction` (the `result`)
 * or inside `getBlock`'s `transactions`, in any of the three encodings: `json`,
 * `jsonParsed` or `base64` (`[data, 'base64']`). Only the fields the outbox
 * decoder reads are typed.
 *
 * @example
 * const tx: SolanaTransactionResponse = (await rpc
 *   .getTransaction(sig, { encoding: 'json', maxSupportedTransactionVersion: 0 })
 *   .send())!
 */
export type SolanaTransactionResponse = {
  slot?: number | bigint | undefined
  blockTime?: number | bigint | null | undefined
  meta: SolanaTransactionMeta | null
  transaction: JsonTransaction | JsonParsedTransaction | readonly [string, 'base64'] | readonly [string, string]
  version?: 'legacy' | number | bigint | undefined
}

/**
 * The part of a transaction's status meta the decoder needs.
 *
 * @example
 * const failed = meta.err !== null
 */
export type SolanaTransactionMeta = {
  err: unknown
  loadedAddresses?: { writable: readonly string[]; readonly: readonly string[] } | null | undefined
}

/**
 * `encoding: 'json'`: account keys as base58 strings, instructions by index with base58 data.
 *
 * @example
 * tx.message.instructions[0].programIdIndex
 */
export type JsonTransaction = {
  signatures: readonly string[]
  message: {
    accountKeys: readonly string[]
    header: { numRequiredSignatures: number | bigint }
    instructions: readonly { programIdIndex: number | bigint; accounts: readonly (number | bigint)[]; data: string }[]
  }
}

/**
 * `encoding: 'jsonParsed'`: account keys with signer flags; known programs'
 * instructions parsed (SPL Memo's parsed value is the memo text, decoded by
 * the node from the instruction data, without the accounts).
 *
 * @example
 * tx.message.accountKeys[0].signer
 */
export type JsonParsedTransaction = {
  signatures: readonly string[]
  message: {
    accountKeys: readonly { pubkey: string; signer: boolean }[]
    instructions: readonly JsonParsedInstruction[]
  }
}

/**
 * One `jsonParsed` instruction: parsed (`program`, `parsed`) or raw (`accounts`, `data`).
 *
 * @example
 * if ('parsed' in ix && ix.program === 'spl-memo') text = ix.parsed
 */
export type JsonParsedInstruction =
  | { programId: string; program: string; parsed: unknown }
  | { programId: string; accounts: readonly string[]; data: string }
