import bs58 from 'bs58'
import { MEMO_PROGRAM_ADDRESS, SYSTEM_PROGRAM_ADDRESS } from '../constants.js'
import type { WireTransaction } from '../wire/decodeWireTransaction.js'
import type { TransactionRecord } from './LedgerTypes.js'
import { LocalRpcError } from './LocalRpcError.js'

/** The transaction encodings of `getTransaction` and `getBlock`. */
export type TransactionEncoding = 'json' | 'jsonParsed' | 'base64' | 'base58'

function isWritable(tx: WireTransaction, i: number): boolean {
  const { numRequiredSignatures, numReadonlySignedAccounts, numReadonlyUnsignedAccounts } = tx.header
  if (i < numRequiredSignatures) return i < numRequiredSignatures - numReadonlySignedAccounts
  return i < tx.accountKeys.length - numReadonlyUnsignedAccounts
}

function parsedInstruction(
  tx: WireTransaction,
  ix: { programIdIndex: number; accounts: number[]; data: Uint8Array },
  stackHeight: number | null,
) {
  // reason: indexes were checked when the transaction was decoded and executed
  const programId = tx.accountKeys[ix.programIdIndex] as string
  const accounts = ix.accounts.map((a) => tx.accountKeys[a] as string) // reason: as above
  if (programId === MEMO_PROGRAM_ADDRESS)
    return { parsed: new TextDecoder().decode(ix.data), program: 'spl-memo', programId, stackHeight }
  if (programId === SYSTEM_PROGRAM_ADDRESS && ix.data.length === 12 && ix.data[0] === 2 && accounts.length >= 2) {
    const lamports = new DataView(ix.data.buffer, ix.data.byteOffset, 12).getBigUint64(4, true)
    return {
      parsed: { info: { destination: accounts[1], lamports, source: accounts[0] }, type: 'transfer' },
      program: 'system',
      programId,
      stackHeight,
    }
  }
  return { accounts, data: bs58.encode(ix.data), programId, stackHeight }
}

function lookups(tx: WireTransaction) {
  return tx.version === 'legacy' ? {} : { addressTableLookups: tx.addressTableLookups }
}

function transactionBody(record: TransactionRecord, encoding: TransactionEncoding): unknown {
  const tx = record.decoded
  if (encoding === 'base64') return [Buffer.from(record.wire).toString('base64'), 'base64']
  if (encoding === 'base58') return [bs58.encode(record.wire), 'base58']
  if (encoding === 'jsonParsed') {
    const accountKeys = tx.accountKeys.map((pubkey, i) => ({
      pubkey,
      signer: i < tx.header.numRequiredSignatures,
      source: 'transaction',
      writable: isWritable(tx, i),
    }))
    const instructions = tx.instructions.map((ix) => parsedInstruction(tx, ix, null))
    return {
      message: { accountKeys, instructions, recentBlockhash: tx.recentBlockhash, ...lookups(tx) },
      signatures: tx.signatures,
    }
  }
  const instructions = tx.instructions.map((ix) => ({
    accounts: ix.accounts,
    data: bs58.encode(ix.data),
    programIdIndex: ix.programIdIndex,
    stackHeight: null,
  }))
  return {
    message: {
      accountKeys: tx.accountKeys,
      header: tx.header,
      instructions,
      recentBlockhash: tx.recentBlockhash,
      ...lookups(tx),
    },
    signatures: tx.signatures,
  }
}

function innerInstructions(record: TransactionRecord, encoding: TransactionEncoding) {
  return record.innerInstructions.map(({ index, instructions }) => ({
    index,
    instructions: instructions.map((ix) =>
      encoding === 'jsonParsed'
        ? parsedInstruction(record.decoded, ix, ix.stackHeight)
        : {
            accounts: ix.accounts,
            data: bs58.encode(ix.data),
            programIdIndex: ix.programIdIndex,
            stackHeight: ix.stackHeight,
          },
    ),
  }))
}

/** A u64 as a JSON number: a plain number while it is exact, so most answers serialise without a bigint path. */
const u64 = (v: bigint): number | bigint => (v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v)

function meta(record: TransactionRecord, encoding: TransactionEncoding) {
  return {
    computeUnitsConsumed: u64(record.computeUnitsConsumed),
    err: record.err,
    fee: u64(record.fee),
    innerInstructions: innerInstructions(record, encoding),
    loadedAddresses: { readonly: [], writable: [] },
    logMessages: record.logs,
    postBalances: record.postBalances.map(u64),
    postTokenBalances: [],
    preBalances: record.preBalances.map(u64),
    preTokenBalances: [],
    rewards: [],
    status: record.err === null ? { Ok: null } : { Err: record.err },
  }
}

/**
 * A transaction as `getBlock` lists it: `{ transaction, meta, version? }`.
 * `version` appears only when the caller set `maxSupportedTransactionVersion`,
 * and a v0 transaction without it is an error, as on a node.
 *
 * @throws {LocalRpcError} -32015 for a versioned transaction the caller cannot read.
 * @example
 * transactionJson(record, 'json', 0)
 */
export function transactionJson(
  record: TransactionRecord,
  encoding: TransactionEncoding,
  maxSupportedTransactionVersion: number | undefined,
) {
  const { version } = record.decoded
  if (
    version !== 'legacy' &&
    (maxSupportedTransactionVersion === undefined || version > maxSupportedTransactionVersion)
  ) {
    throw new LocalRpcError(
      -32015,
      `Transaction version (${version}) is not supported by the requesting client. Please try the request again ` +
        `with the following configuration parameter: "maxSupportedTransactionVersion": ${version}`,
    )
  }
  const body = { meta: meta(record, encoding), transaction: transactionBody(record, encoding) }
  return maxSupportedTransactionVersion === undefined ? body : { ...body, version }
}

/**
 * `getSignaturesForAddress`'s `memo` field: each memo as `[len] text`, joined by `; `.
 *
 * @example
 * memoField(record) // '[8] transfer'
 */
export function memoField(record: Pick<TransactionRecord, 'decoded'>): string | null {
  const tx = record.decoded
  const text = new TextDecoder()
  const memos = tx.instructions
    .filter((ix) => tx.accountKeys[ix.programIdIndex] === MEMO_PROGRAM_ADDRESS)
    .map((ix) => `[${ix.data.length}] ${text.decode(ix.data)}`)
  return memos.length > 0 ? memos.join('; ') : null
}
