import bs58 from 'bs58'
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

const SIGNATURE_BYTES = 64
const KEY_BYTES = 32
const VERSION_PREFIX = 0x80

/**
 * Decodes Solana wire bytes (signatures ++ message) by the format's layout
 * (compact-u16 counts, 64-byte signatures, a legacy or v0 message): one pass
 * over the bytes, base58 only for the keys, signatures and blockhash it
 * returns. It was the web3.js codecs, whose base58 goes through a BigInt per
 * key: the largest cost per Solana message of the watcher and the verifier,
 * which decode every outbox transaction (`node --cpu-prof` of `bench:mesh`).
 * Pure; checks the format, not the signatures: a signature per required
 * signer, every read inside the bytes, message version 0 at most.
 *
 * @throws {SolanaSourceError} `TX_MALFORMED`.
 * @example
 * const { signatures, instructions } = decodeWireTransaction(Buffer.from(base64, 'base64'))
 */
export function decodeWireTransaction(bytes: Uint8Array): WireTransaction {
  try {
    return decode(bytes)
  } catch (error) {
    throw new SolanaSourceError('TX_MALFORMED', 'bytes are not a Solana wire transaction', {
      cause: error,
      meta: { bytes: bytes.length },
    })
  }
}

function decode(bytes: Uint8Array): WireTransaction {
  const r = reader(bytes)
  const signatureCount = r.shortU16()
  const rawSignatures: Uint8Array[] = []
  for (let i = 0; i < signatureCount; i++) rawSignatures.push(r.take(SIGNATURE_BYTES))
  // Copies, as plain Uint8Arrays (a Buffer's slice would be a view into the caller's bytes).
  const messageBytes = new Uint8Array(bytes.subarray(r.offset()))
  const m = reader(messageBytes)
  const first = m.u8()
  const version = first & VERSION_PREFIX ? first & ~VERSION_PREFIX : 'legacy'
  if (version !== 'legacy' && version !== 0) throw new Error(`unsupported transaction version ${version}`)
  const header = {
    numRequiredSignatures: version === 'legacy' ? first : m.u8(),
    numReadonlySignedAccounts: m.u8(),
    numReadonlyUnsignedAccounts: m.u8(),
  }
  const accountKeys = m.list(() => bs58.encode(m.take(KEY_BYTES)))
  if (header.numRequiredSignatures !== signatureCount)
    throw new Error(`${signatureCount} signatures for ${header.numRequiredSignatures} signers`)
  if (accountKeys.length < signatureCount)
    throw new Error(`${signatureCount} signatures for ${accountKeys.length} account keys`)
  const recentBlockhash = bs58.encode(m.take(KEY_BYTES))
  const instructions = m.list(() => ({
    programIdIndex: m.u8(),
    accounts: m.list(() => m.u8()),
    data: new Uint8Array(m.take(m.shortU16())),
  }))
  const addressTableLookups =
    version === 'legacy'
      ? []
      : m.list(() => ({
          accountKey: bs58.encode(m.take(KEY_BYTES)),
          writableIndexes: m.list(() => m.u8()),
          readonlyIndexes: m.list(() => m.u8()),
        }))
  const signatures = rawSignatures.map((s) => bs58.encode(s))
  return { signatures, header, accountKeys, recentBlockhash, instructions, version, addressTableLookups, messageBytes }
}

/** A cursor over `bytes` whose every read is bounds-checked. */
function reader(bytes: Uint8Array) {
  let at = 0
  const u8 = (): number => {
    const b = bytes[at]
    if (b === undefined) throw new Error(`read past the end at ${at}`)
    at++
    return b
  }
  // compact-u16: 7 bits per byte, low first, the high bit says another byte follows (3 bytes at most).
  const shortU16 = (): number => {
    let value = 0
    for (let i = 0; i < 3; i++) {
      const b = u8()
      value |= (b & 0x7f) << (7 * i)
      if ((b & 0x80) === 0) break
    }
    if (value > 0xffff) throw new Error(`compact-u16 out of range: ${value}`)
    return value
  }
  const take = (n: number): Uint8Array => {
    if (at + n > bytes.length) throw new Error(`read of ${n} bytes past the end at ${at}`)
    const out = bytes.subarray(at, at + n)
    at += n
    return out
  }
  const list = <T>(each: () => T): T[] => Array.from({ length: shortU16() }, each)
  return { u8, shortU16, take, list, offset: () => at }
}
