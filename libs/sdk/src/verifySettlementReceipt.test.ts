import assert from 'node:assert/strict'
import { before, describe, test } from 'node:test'
import { createMerkleTree, keccak256 } from '@relaymesh/protocol'
import { bytesToHex, hexToBytes, type Hex } from 'viem'
import { secp256k1 } from '@noble/curves/secp256k1'
import { hashBatchHeader } from './receipt/batchHeaderTypedData.js'
import { ReceiptVerificationError, type ReceiptVerificationErrorCode } from './receipt/ReceiptVerificationError.js'
import { UNPROVEN_RECEIPT_FIELDS, type SettlementReceipt } from './receipt/SettlementReceipt.js'
import { verifySettlementReceipt } from './receipt/verifySettlementReceipt.js'
import {
  buildTestReceipt,
  INBOX,
  leafPaths,
  relayers,
  signHeader,
  trusted,
  tweak,
  withField,
} from './testing/buildTestReceipt.js'

const { r1, r2, r3, outsider } = relayers

function rejects(
  receipt: SettlementReceipt,
  code: ReceiptVerificationErrorCode,
  set = trusted,
  what: string = code,
): void {
  assert.throws(
    () => verifySettlementReceipt(receipt, set),
    (error: unknown) => {
      assert.ok(error instanceof ReceiptVerificationError, `${what}: a ReceiptVerificationError (got ${String(error)})`)
      assert.equal(error.code, code, `${what}: ${error.shortMessage}`)
      assert.equal(error.action, 'reject')
      return true
    },
  )
}

// Which check catches a change of each field (array indices as `*`). A field
// missing here fails the walk below: every new receipt field must be classified.
const EXPECTED: Record<string, ReceiptVerificationErrorCode | 'unproven'> = {
  version: 'RECEIPT_MALFORMED',
  id: 'RECEIPT_ID_MISMATCH',
  'message.encoded': 'RECEIPT_ID_MISMATCH',
  ...Object.fromEntries(
    ['version', 'nonce', 'origin', 'sender', 'destination', 'recipient', 'gasLimit', 'payload'].map((f) => [
      `message.decoded.${f}`,
      'RECEIPT_FIELD_MISMATCH',
    ]),
  ),
  ...Object.fromEntries(UNPROVEN_RECEIPT_FIELDS.map((f) => [f, 'unproven'])),
  'batch.header.destination': 'RECEIPT_WRONG_DESTINATION',
  'batch.header.batchIndex': 'RECEIPT_BATCH_HASH_MISMATCH',
  'batch.header.root': 'RECEIPT_BATCH_HASH_MISMATCH',
  'batch.header.messageCount': 'RECEIPT_BATCH_HASH_MISMATCH',
  'batch.header.previousBatchHash': 'RECEIPT_BATCH_HASH_MISMATCH',
  'batch.batchHash': 'RECEIPT_BATCH_HASH_MISMATCH',
  'batch.signatures.*.signer': 'RECEIPT_BAD_SIGNATURE',
  'batch.signatures.*.signature': 'RECEIPT_BAD_SIGNATURE',
  'proof.leafIndex': 'RECEIPT_BAD_PROOF',
  'proof.count': 'RECEIPT_BAD_PROOF',
  'proof.siblings.*': 'RECEIPT_BAD_PROOF',
  ...Object.fromEntries(
    ['inbox', 'batchIndex', 'batchHash', 'root', 'messageCount'].map((f) => [
      `settlement.${f}`,
      'RECEIPT_SETTLEMENT_MISMATCH',
    ]),
  ),
  ...Object.fromEntries(['inbox', 'id'].map((f) => [`execution.${f}`, 'RECEIPT_EXECUTION_MISMATCH'])),
}

describe('verifySettlementReceipt', () => {
  let receipt: SettlementReceipt
  before(async () => {
    receipt = await buildTestReceipt()
  })

  test('accepts a receipt signed by 2 of 3, also after a JSON round trip and with addresses in any case', () => {
    assert.deepEqual(verifySettlementReceipt(receipt, trusted), { valid: true })
    assert.deepEqual(verifySettlementReceipt(JSON.parse(JSON.stringify(receipt)) as SettlementReceipt, trusted), {
      valid: true,
    })
    const lower = {
      ...trusted,
      inbox: INBOX.toLowerCase() as Hex,
      relayers: trusted.relayers.map((r) => r.toLowerCase() as Hex),
    }
    assert.deepEqual(verifySettlementReceipt(receipt, lower), { valid: true })
  })

  test('every field changed: rejected with the code of the check that binds it; pointers are only checked for form', () => {
    const paths = leafPaths(receipt)
    const classes = new Set(paths.map((p) => p.replace(/\.\d+(?=\.|$)/g, '.*')))
    assert.deepEqual([...classes].sort(), Object.keys(EXPECTED).sort(), 'every receipt field is classified')
    for (const path of paths) {
      const expected = EXPECTED[path.replace(/\.\d+(?=\.|$)/g, '.*')]
      const tampered = withField(receipt, path, tweak)
      if (expected === 'unproven') {
        assert.deepEqual(verifySettlementReceipt(tampered, trusted), { valid: true }, `${path} is a pointer`)
        rejects(
          withField(receipt, path, () => 'not a value'),
          'RECEIPT_MALFORMED',
          trusted,
          `${path} malformed`,
        )
      } else {
        rejects(tampered, expected as ReceiptVerificationErrorCode, trusted, path)
      }
    }
    assert.ok(paths.length >= 45, `walked ${paths.length} fields`)
  })

  test('a missing or mistyped field is RECEIPT_MALFORMED, never a crash', () => {
    for (const path of [
      'id',
      'proof.siblings',
      'batch.header.root',
      'execution.id',
      'settlement.messageCount',
      'batch.signatures',
    ]) {
      rejects(
        withField(receipt, path, () => undefined),
        'RECEIPT_MALFORMED',
        trusted,
        `${path} removed`,
      )
    }
    rejects(
      withField(receipt, 'message.encoded', () => '0x01'),
      'RECEIPT_ID_MISMATCH',
    )
    rejects(null as unknown as SettlementReceipt, 'RECEIPT_MALFORMED') // reason: what JSON.parse of "null" gives
  })

  test('a signature from outside the trusted set: RECEIPT_UNKNOWN_SIGNER', async () => {
    const foreign = await signHeader(outsider, receipt.batch.header)
    rejects(
      withField(receipt, 'batch.signatures', (s) => [...(s as unknown[]), foreign]),
      'RECEIPT_UNKNOWN_SIGNER',
    )
    rejects(
      withField(receipt, 'batch.signatures', (s) => [(s as unknown[])[0], foreign]),
      'RECEIPT_UNKNOWN_SIGNER',
    )
    rejects(await buildTestReceipt([r1, outsider]), 'RECEIPT_UNKNOWN_SIGNER')
  })

  test('a duplicated signature: RECEIPT_DUPLICATE_SIGNER', () => {
    rejects(
      withField(receipt, 'batch.signatures', (s) => [(s as unknown[])[0], (s as unknown[])[0]]),
      'RECEIPT_DUPLICATE_SIGNER',
    )
  })

  test('too few signatures: RECEIPT_INSUFFICIENT_SIGNATURES; all three also verify at threshold 3', async () => {
    rejects(
      withField(receipt, 'batch.signatures', (s) => [(s as unknown[])[1]]),
      'RECEIPT_INSUFFICIENT_SIGNATURES',
    )
    rejects(
      withField(receipt, 'batch.signatures', () => []),
      'RECEIPT_INSUFFICIENT_SIGNATURES',
    )
    rejects(receipt, 'RECEIPT_INSUFFICIENT_SIGNATURES', { ...trusted, threshold: 3 })
    assert.deepEqual(verifySettlementReceipt(await buildTestReceipt([r3, r1, r2]), { ...trusted, threshold: 3 }), {
      valid: true,
    })
  })

  test('a high-s twin of a valid signature (same signer) is refused as the inbox refuses it: RECEIPT_BAD_SIGNATURE', () => {
    const { signature } = receipt.batch.signatures[0] as { signature: Hex }
    const bytes = hexToBytes(signature)
    const s = BigInt(bytesToHex(bytes.subarray(32, 64)))
    const highS = secp256k1.CURVE.n - s
    const v = (bytes[64] === 27 ? 28 : 27).toString(16)
    const twin = `${signature.slice(0, 66)}${highS.toString(16).padStart(64, '0')}${v}` as Hex
    rejects(
      withField(receipt, 'batch.signatures.0.signature', () => twin),
      'RECEIPT_BAD_SIGNATURE',
    )
    rejects(
      withField(receipt, 'batch.signatures.0.signature', (v) => `${(v as string).slice(0, -2)}1b1b`),
      'RECEIPT_BAD_SIGNATURE',
    )
  })

  test('signatures over another inbox or chain do not count', async () => {
    rejects(receipt, 'RECEIPT_BAD_SIGNATURE', { ...trusted, inbox: '0x000000000000000000000000000000000000dEaD' })
    rejects(receipt, 'RECEIPT_WRONG_DESTINATION', { ...trusted, chainId: 31337 })
    const otherInbox = await signHeader(r1, receipt.batch.header, {
      chainId: trusted.chainId,
      inbox: '0x000000000000000000000000000000000000dEaD',
    })
    rejects(
      withField(receipt, 'batch.signatures.0', () => otherInbox),
      'RECEIPT_BAD_SIGNATURE',
    )
  })

  test("a wrong Merkle path: RECEIPT_BAD_PROOF (another leaf's path, a shortened path, a consistent move to another leaf)", () => {
    const leaves = [0, 1, 2, 3, 4].map((i) =>
      i === 3 ? receipt.id : bytesToHex(keccak256(new TextEncoder().encode('abcde'[i] as string))),
    )
    const tree = createMerkleTree(leaves)
    assert.equal(tree.root, receipt.batch.header.root)
    rejects(
      withField(receipt, 'proof.siblings', () => tree.proof(2)),
      'RECEIPT_BAD_PROOF',
    )
    rejects(
      withField(receipt, 'proof.siblings', (s) => (s as Hex[]).slice(1)),
      'RECEIPT_BAD_PROOF',
    )
    rejects(
      withField(receipt, 'proof.siblings', (s) => [...(s as Hex[]), receipt.id]),
      'RECEIPT_BAD_PROOF',
    )
    const moved = withField(
      withField(receipt, 'proof.siblings', () => tree.proof(2)),
      'proof.leafIndex',
      () => 2,
    )
    rejects(moved, 'RECEIPT_BAD_PROOF')
    rejects(
      withField(receipt, 'proof.leafIndex', () => 5),
      'RECEIPT_BAD_PROOF',
    )
  })

  test('a forged batch (another root, its hash recomputed, a valid path for a forged leaf) fails on the signatures', () => {
    const forgedTree = createMerkleTree([receipt.id, receipt.id])
    const header = { ...receipt.batch.header, root: forgedTree.root, messageCount: 2 }
    const forged: SettlementReceipt = {
      ...receipt,
      batch: { ...receipt.batch, header, batchHash: hashBatchHeader(header) },
      proof: { leafIndex: 0, count: 2, siblings: forgedTree.proof(0) },
    }
    rejects(forged, 'RECEIPT_BAD_SIGNATURE')
  })

  test('an unusable trusted set: RECEIPT_INVALID_TRUSTED_SET', () => {
    rejects(receipt, 'RECEIPT_INVALID_TRUSTED_SET', { ...trusted, threshold: 0 })
    rejects(receipt, 'RECEIPT_INVALID_TRUSTED_SET', { ...trusted, threshold: 4 })
    rejects(receipt, 'RECEIPT_INVALID_TRUSTED_SET', { ...trusted, relayers: [r1.address, '0x1234'] })
    rejects(receipt, 'RECEIPT_INVALID_TRUSTED_SET', { ...trusted, inbox: '0x' })
  })

  test('is pure and synchronous: a plain value, no promise', () => {
    const result: unknown = verifySettlementReceipt(receipt, trusted)
    assert.ok(!(result instanceof Promise))
    assert.equal(r2.address !== r1.address, true)
  })
})
