import bs58 from 'bs58'
import { SolanaSourceError } from '../SolanaSourceError.js'
import { decodeWireTransaction } from '../wire/decodeWireTransaction.js'
import type { JsonParsedTransaction, JsonTransaction, SolanaTransactionResponse } from './SolanaTransactionResponse.js'

/**
 * One top-level instruction, whatever the response encoding. `accounts` is
 * `null` when the encoding does not list them (SPL Memo under `jsonParsed`);
 * `data` is `null` for a parsed instruction of another program.
 */
export type NormalizedInstruction = {
  programId: string
  accounts: string[] | null
  data: Uint8Array | null
  /** The node's parsed form (`jsonParsed` only). */
  parsed: unknown
}

/** A transaction response reduced to what the outbox decoder reads. */
export type NormalizedTransaction = {
  signature: string
  failed: boolean
  signers: Set<string>
  instructions: NormalizedInstruction[]
}

const MEMO_PROGRAM_NAME = 'spl-memo'

function malformed(what: string, cause?: unknown): SolanaSourceError {
  return new SolanaSourceError('TX_MALFORMED', `transaction response is malformed: ${what}`, { cause })
}

function fromKeys(
  keys: readonly string[],
  numSigners: number,
  signatures: readonly string[],
  instructions: readonly {
    programIdIndex: number | bigint
    accounts: readonly (number | bigint)[]
    data: Uint8Array
  }[],
): Omit<NormalizedTransaction, 'failed'> {
  const key = (i: number | bigint): string => {
    const k = keys[Number(i)]
    if (k === undefined) throw malformed(`account index ${i} out of range`)
    return k
  }
  const signature = signatures[0]
  if (signature === undefined) throw malformed('no signature')
  return {
    signature,
    signers: new Set(keys.slice(0, numSigners)),
    instructions: instructions.map((ix) => ({
      programId: key(ix.programIdIndex),
      accounts: ix.accounts.map(key),
      data: ix.data,
      parsed: undefined,
    })),
  }
}

function withLoaded(staticKeys: readonly string[], response: SolanaTransactionResponse): string[] {
  const loaded = response.meta?.loadedAddresses
  return loaded ? [...staticKeys, ...loaded.writable, ...loaded.readonly] : [...staticKeys]
}

function fromJson(tx: JsonTransaction, response: SolanaTransactionResponse): Omit<NormalizedTransaction, 'failed'> {
  const instructions = tx.message.instructions.map((ix) => ({ ...ix, data: bs58.decode(ix.data) }))
  return fromKeys(
    withLoaded(tx.message.accountKeys, response),
    Number(tx.message.header.numRequiredSignatures),
    tx.signatures,
    instructions,
  )
}

function fromJsonParsed(tx: JsonParsedTransaction): Omit<NormalizedTransaction, 'failed'> {
  const signature = tx.signatures[0]
  if (signature === undefined) throw malformed('no signature')
  const signers = new Set(tx.message.accountKeys.filter((k) => k.signer).map((k) => k.pubkey))
  const instructions = tx.message.instructions.map((ix): NormalizedInstruction => {
    if ('data' in ix)
      return { programId: ix.programId, accounts: [...ix.accounts], data: bs58.decode(ix.data), parsed: undefined }
    // The node decodes SPL Memo data as UTF-8 (the program rejects anything else),
    // so re-encoding the parsed text gives back the instruction data exactly.
    const data =
      ix.program === MEMO_PROGRAM_NAME && typeof ix.parsed === 'string' ? new TextEncoder().encode(ix.parsed) : null
    return { programId: ix.programId, accounts: null, data, parsed: ix.parsed }
  })
  return { signature, signers, instructions }
}

function fromBase64(data: string, response: SolanaTransactionResponse): Omit<NormalizedTransaction, 'failed'> {
  const wire = decodeWireTransaction(Buffer.from(data, 'base64'))
  return fromKeys(
    withLoaded(wire.accountKeys, response),
    wire.header.numRequiredSignatures,
    wire.signatures,
    wire.instructions,
  )
}

function isJsonParsed(tx: JsonTransaction | JsonParsedTransaction): tx is JsonParsedTransaction {
  return typeof tx.message.accountKeys[0] === 'object'
}

/**
 * Reduces a `getTransaction` / `getBlock` transaction in `json`, `jsonParsed`
 * or `base64` encoding to its signature, signers, failure flag and top-level
 * instructions. Pure.
 *
 * @throws {SolanaSourceError} `TX_MALFORMED`.
 * @example
 * const { signature, instructions } = normalizeTransaction(response)
 */
export function normalizeTransaction(response: SolanaTransactionResponse): NormalizedTransaction {
  if (response.meta === null || response.meta === undefined) throw malformed('no meta (status unknown)')
  const failed = response.meta.err !== null && response.meta.err !== undefined
  const { transaction } = response
  try {
    if (Array.isArray(transaction)) {
      const [data, encoding] = transaction as readonly [string, string] // reason: Array.isArray drops the tuple type
      if (encoding !== 'base64') throw malformed(`unsupported encoding ${encoding}`)
      return { ...fromBase64(data, response), failed }
    }
    const tx = transaction as JsonTransaction | JsonParsedTransaction // reason: the tuple case returned above
    return { ...(isJsonParsed(tx) ? fromJsonParsed(tx) : fromJson(tx, response)), failed }
  } catch (error) {
    if (error instanceof SolanaSourceError) throw error
    throw malformed('unreadable fields', error)
  }
}
