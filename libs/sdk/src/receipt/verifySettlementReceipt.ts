import { secp256k1 } from '@noble/curves/secp256k1'
import { decodeMessage, messageId, verifyMerkleProof } from '@relaymesh/protocol'
import { hexToBytes, isAddress, isAddressEqual, keccak256, type Address, type Hex } from 'viem'
import { assertReceiptShape } from './assertReceiptShape.js'
import { batchHeaderDigest, hashBatchHeader } from './batchHeaderTypedData.js'
import { ReceiptVerificationError } from './ReceiptVerificationError.js'
import type { SettlementReceipt, TrustedRelayerSet } from './SettlementReceipt.js'

/**
 * A receipt that passed every check.
 *
 * @example
 * const { valid }: VerifySettlementReceiptReturnType = verifySettlementReceipt(receipt, trusted)
 */
export type VerifySettlementReceiptReturnType = { valid: true }

/**
 * What `verifySettlementReceipt` throws.
 *
 * @example
 * if ((error as VerifySettlementReceiptErrorType).code === 'RECEIPT_UNKNOWN_SIGNER') …
 */
export type VerifySettlementReceiptErrorType = ReceiptVerificationError

const fail = (
  code: ConstructorParameters<typeof ReceiptVerificationError>[0],
  message: string,
  meta: Record<string, unknown> = {},
): never => {
  throw new ReceiptVerificationError(code, message, meta)
}
const same = (a: unknown, b: unknown) =>
  typeof a === 'string' && typeof b === 'string' ? a.toLowerCase() === b.toLowerCase() : a === b

function checkTrustedSet(trusted: TrustedRelayerSet): void {
  const { relayers, threshold, inbox, chainId } = trusted
  const ok =
    Array.isArray(relayers) &&
    relayers.every((a) => isAddress(a, { strict: false })) &&
    isAddress(inbox, { strict: false }) &&
    Number.isInteger(threshold) &&
    threshold >= 1 &&
    threshold <= relayers.length &&
    Number.isInteger(chainId) &&
    chainId > 0
  if (!ok)
    fail(
      'RECEIPT_INVALID_TRUSTED_SET',
      'the trusted relayer set is unusable (addresses, 1 <= threshold <= n, chain id)',
    )
}

/** PROTOCOL.md "Message": id = keccak256(encoding); the decoded fields are the encoding's. */
function checkMessage(receipt: SettlementReceipt): void {
  const { encoded, decoded } = receipt.message
  if (!same(messageId(encoded), receipt.id))
    fail('RECEIPT_ID_MISMATCH', 'the id is not keccak256 of the encoded message')
  let actual
  try {
    actual = decodeMessage(encoded)
  } catch (cause) {
    throw new ReceiptVerificationError(
      'RECEIPT_MALFORMED',
      'the encoded message does not decode',
      { field: 'message.encoded' },
      cause,
    )
  }
  const fields = { ...actual, nonce: actual.nonce.toString() }
  for (const field of [
    'version',
    'nonce',
    'origin',
    'sender',
    'destination',
    'recipient',
    'gasLimit',
    'payload',
  ] as const) {
    if (!same(decoded[field], fields[field]))
      fail('RECEIPT_FIELD_MISMATCH', `message.decoded.${field} is not the encoded value`, {
        field: `message.decoded.${field}`,
      })
  }
}

function checkDestination(receipt: SettlementReceipt, trusted: TrustedRelayerSet): void {
  const { destination } = receipt.message.decoded
  if (receipt.batch.header.destination !== destination)
    fail('RECEIPT_WRONG_DESTINATION', 'the batch header is for another destination than the message', {
      field: 'batch.header.destination',
    })
  // EVM domains equal the chain id (PROTOCOL.md "Chain identifiers").
  if (trusted.chainId !== destination)
    fail('RECEIPT_WRONG_DESTINATION', 'the trusted inbox is on another chain than the message destination', {
      field: 'trustedRelayerSet.chainId',
    })
}

/** Recovers one 65-byte `r ++ s ++ v` signature (low-s, v 27/28, as the inbox's `_recover`). */
function recoverSigner(digest: Hex, signature: Hex, position: number): Address {
  const bytes = /^0x[0-9a-fA-F]{130}$/.test(signature) ? hexToBytes(signature) : undefined
  const v = bytes?.[64]
  if (!bytes || (v !== 27 && v !== 28))
    return fail('RECEIPT_BAD_SIGNATURE', `signature ${position} is not 65 bytes r ++ s ++ v (v 27 or 28)`, { position })
  try {
    const parsed = secp256k1.Signature.fromCompact(bytes.subarray(0, 64)).addRecoveryBit(v - 27)
    if (parsed.hasHighS())
      return fail('RECEIPT_BAD_SIGNATURE', `signature ${position} is malleable (high s)`, { position })
    const publicKey = parsed.recoverPublicKey(hexToBytes(digest)).toRawBytes(false)
    return `0x${keccak256(publicKey.subarray(1)).slice(-40)}`
  } catch (cause) {
    if (cause instanceof ReceiptVerificationError) throw cause
    throw new ReceiptVerificationError(
      'RECEIPT_BAD_SIGNATURE',
      `signature ${position} does not recover`,
      { position },
      cause,
    )
  }
}

/**
 * PROTOCOL.md "Batch header and its signatures": >= threshold distinct members of the trusted set over the EIP-712
 * digest.
 */
function checkSignatures(receipt: SettlementReceipt, trusted: TrustedRelayerSet): void {
  const digest = batchHeaderDigest(receipt.batch.header, { chainId: trusted.chainId, inbox: trusted.inbox })
  const seen = new Set<string>()
  receipt.batch.signatures.forEach((entry, position) => {
    const signer = recoverSigner(digest, entry?.signature, position)
    if (!isAddress(entry?.signer, { strict: false }) || !isAddressEqual(signer, entry.signer)) {
      fail('RECEIPT_BAD_SIGNATURE', `signature ${position} was not made by its signer over this header and inbox`, {
        position,
        recovered: signer,
      })
    }
    if (!trusted.relayers.some((r) => isAddressEqual(r, signer)))
      fail('RECEIPT_UNKNOWN_SIGNER', `signer ${signer} is not in the trusted set`, { position, signer })
    if (seen.has(signer.toLowerCase()))
      fail('RECEIPT_DUPLICATE_SIGNER', `signer ${signer} signed twice`, { position, signer })
    seen.add(signer.toLowerCase())
  })
  if (seen.size < trusted.threshold)
    fail('RECEIPT_INSUFFICIENT_SIGNATURES', `${seen.size} trusted signatures, ${trusted.threshold} needed`, {
      have: seen.size,
      need: trusted.threshold,
    })
}

/** PROTOCOL.md "Batch Merkle tree": the id is leaf `leafIndex` of the header's `messageCount`-leaf root. */
function checkProof(receipt: SettlementReceipt): void {
  const {
    proof,
    batch: { header },
  } = receipt
  if (proof.count !== header.messageCount)
    fail('RECEIPT_BAD_PROOF', 'the proof is for another tree size than the header', { field: 'proof.count' })
  if (
    !verifyMerkleProof({
      root: header.root,
      count: proof.count,
      index: proof.leafIndex,
      leaf: receipt.id,
      proof: proof.siblings,
    })
  ) {
    fail('RECEIPT_BAD_PROOF', 'the Merkle path does not lead from the id to the batch root', { field: 'proof' })
  }
}

function checkRecord(
  code: 'RECEIPT_SETTLEMENT_MISMATCH' | 'RECEIPT_EXECUTION_MISMATCH',
  name: string,
  record: Record<string, unknown>,
  expected: Record<string, unknown>,
): void {
  for (const [field, value] of Object.entries(expected)) {
    const ok =
      // reason: inbox shape checked by assertReceiptShape
      field === 'inbox' ? isAddressEqual(record[field] as Address, value as Address) : same(record[field], value)
    if (!ok) fail(code, `${name}.${field} does not match the receipt`, { field: `${name}.${field}` })
  }
}

/**
 * Verifies a settlement receipt offline, synchronously, with no network: the
 * id is keccak256 of the encoding and the decoded fields are its fields; the
 * message, the batch header and the trusted inbox agree on the destination;
 * `batchHash` is the header's EIP-712 hashStruct; at least `threshold`
 * distinct members of the trusted set signed the header's EIP-712 digest
 * (low-s, as the inbox checks); the Merkle path proves the id under the
 * header root; the `BatchSubmitted` record names this inbox, batch, hash and
 * root, the `MessageExecuted` record this inbox and id. Pointer fields
 * (`UNPROVEN_RECEIPT_FIELDS`) are checked for their form only.
 *
 * @throws {ReceiptVerificationError} with a `RECEIPT_*` code naming the failed check.
 * @example
 * const receipt = await getSettlementReceipt(client, { id })
 * // later, anywhere, offline:
 * verifySettlementReceipt(receipt, { relayers: [r1, r2, r3], threshold: 2, inbox, chainId: 56 }) // { valid: true }
 */
export function verifySettlementReceipt(
  receipt: SettlementReceipt,
  trustedRelayerSet: TrustedRelayerSet,
): VerifySettlementReceiptReturnType {
  checkTrustedSet(trustedRelayerSet)
  assertReceiptShape(receipt)
  checkMessage(receipt)
  checkDestination(receipt, trustedRelayerSet)
  const { header, batchHash } = receipt.batch
  if (!same(hashBatchHeader(header), batchHash))
    fail('RECEIPT_BATCH_HASH_MISMATCH', 'batchHash is not the EIP-712 hashStruct of the header', {
      field: 'batch.batchHash',
    })
  checkSignatures(receipt, trustedRelayerSet)
  checkProof(receipt)
  const { inbox } = trustedRelayerSet
  checkRecord('RECEIPT_SETTLEMENT_MISMATCH', 'settlement', receipt.settlement, {
    inbox,
    batchIndex: header.batchIndex,
    batchHash,
    root: header.root,
    messageCount: header.messageCount,
  })
  // MessageExecuted logs the id alone (PROTOCOL.md "Execution events"): batch, leaf, origin and nonce are proven above.
  checkRecord('RECEIPT_EXECUTION_MISMATCH', 'execution', receipt.execution, { inbox, id: receipt.id })
  return { valid: true }
}
