// Test-only: a seeded store the explorer's browser test reads through a real API. Executed messages sit in a
// batch whose hash is the real EIP-712 hashStruct, signed by two of three dev keys, so a receipt verifies.
import { createHash } from 'node:crypto'
import {
  batchTypedData,
  bytesToHex,
  chains,
  createMerkleTree,
  DEFAULT_GAS_LIMIT,
  encodeMessage,
  hashBatchHeader,
  hexToBytes,
  MESSAGE_VERSION,
  messageId,
  type Hex,
} from '@relaymesh/protocol'
import type { ApiChains } from '@relaymesh/relayer'
import {
  assignBatch,
  insertBundle,
  markMessagesExecuted,
  recordRejections,
  settleBatch,
  storeBatchSignatures,
  transitionBatch,
  type StoreDb,
} from '@relaymesh/store'
import { privateKeyToAccount } from 'viem/accounts'
// Reused from the api's own tests (not exported by @relaymesh/relayer: test seeding only).
import { bytes32, DESTINATION, ORIGIN, protocolMessage, testBlock } from '../../relayer/src/api/apiTestSeed.js'

export { DESTINATION, ORIGIN }

const KEYS = [1, 2, 3].map((n) => `0x${n.toString(16).padStart(64, '0')}` as const)
export const RELAYERS = KEYS.map((k) => privateKeyToAccount(k))
export const INBOX: Hex = '0x00000000000000000000000000000000000000bb'

const SOLANA_ORIGIN = chains.solanaLocal.domain

/**
 * A message sent from Solana local: its source transaction is a 64-byte signature, its id the real one for that origin.
 */
function solanaMessage(label: string): ReturnType<typeof protocolMessage> {
  const sender = createHash('sha256').update(`solana:sender:${label}`).digest()
  const recipient = bytes32(`recipient:${label}`)
  const payload = Buffer.from(`payload:${label}`)
  const encoded = encodeMessage({
    version: MESSAGE_VERSION,
    nonce: 0n,
    origin: SOLANA_ORIGIN,
    sender: bytesToHex(sender),
    destination: DESTINATION,
    recipient: bytesToHex(recipient),
    gasLimit: DEFAULT_GAS_LIMIT,
    payload: bytesToHex(payload),
  })
  return protocolMessage(label, 0n, {
    id: hexToBytes(messageId(encoded)),
    sender,
    recipient,
    payload,
    logIndex: 0,
    sourceTxHash: createHash('sha512').update(`solana:signature:${label}`).digest(),
    traceparent: `00-${'ab'.repeat(16)}-${'cd'.repeat(8)}-00`,
  })
}

/** Messages that share a source transaction, all executed; one rejected message; one stored rejection only. */
export const seeded = {
  sourceTx: bytes32('explorer:tx'),
  executed: Array.from({ length: 3 }, (_, i) =>
    protocolMessage(`explorer:${i}`, BigInt(i), {
      sourceTxHash: bytes32('explorer:tx'),
      logIndex: i,
      traceparent: `00-${'ab'.repeat(16)}-${'cd'.repeat(8)}-01`,
    }),
  ),
  rejected: protocolMessage('explorer:rejected', 9n, {
    state: 'rejected',
    reasonCode: 'RECEIPT_PROOF_INVALID',
    rejectionDetails: { receiptIndex: 1 },
  }),
  /** An id claimed by a forged proof: rejections only, no message row. */
  claim: bytes32('explorer:claim'),
  executeTx: bytes32('explorer:execute'),
  /** Attested from Solana local, found by its transaction signature; not traced (its sampled flag is 0). */
  solana: solanaMessage('explorer:solana'),
}

/** Stores the seeded messages, seals, signs, settles and executes batch 0 with its real hash and signatures. */
export async function seedExplorerStore(db: StoreDb): Promise<void> {
  const { executed, rejected } = seeded
  await insertBundle(db, {
    block: testBlock('explorer'),
    verification: 'light-client',
    messages: [...executed, rejected],
  })
  await insertBundle(db, {
    block: { ...testBlock('explorer:solana', 3n), origin: SOLANA_ORIGIN },
    verification: 'attested',
    messages: [seeded.solana],
  })
  await recordRejections(db, [
    { stage: 'verify', reasonCode: 'RECEIPT_PROOF_INVALID', messageId: rejected.id, origin: ORIGIN },
    { stage: 'verify', reasonCode: 'WRONG_OUTBOX', messageId: seeded.claim, origin: ORIGIN },
  ])
  await settleAndExecute(db, { ids: executed.map((m) => m.id), batchIndex: 0n, previousBatchHash: new Uint8Array(32) })
}

/**
 * Seals `ids` into a batch with its real EIP-712 hash, has two relayers sign it, settles it and executes the messages.
 */
export async function settleAndExecute(
  db: StoreDb,
  parameters: { ids: Uint8Array[]; batchIndex: bigint; previousBatchHash: Uint8Array },
): Promise<Uint8Array> {
  const { ids, batchIndex, previousBatchHash } = parameters
  const root = bytesToHex(createMerkleTree(ids).rootBytes)
  const header = {
    destination: DESTINATION,
    batchIndex,
    root,
    messageCount: ids.length,
    previousBatchHash: bytesToHex(previousBatchHash),
  }
  const batchHash = hexToBytes(hashBatchHeader(header))
  const key = { destination: DESTINATION, batchIndex }
  await assignBatch(db, {
    ...key,
    batchHash,
    root: hexToBytes(root),
    previousBatchHash,
    proposer: hexToBytes(RELAYERS[0]!.address),
    ids,
  })
  const typedData = batchTypedData(header, { chainId: DESTINATION, inbox: INBOX })
  const signatures = await Promise.all(
    RELAYERS.slice(0, 2).map(async (account) => ({
      signer: hexToBytes(account.address),
      signature: hexToBytes(await account.signTypedData(typedData)),
    })),
  )
  await storeBatchSignatures(db, { ...key, signatures })
  await transitionBatch(db, { ...key, to: 'signed' })
  await transitionBatch(db, { ...key, to: 'submitted', submitTxHash: bytes32(`explorer:submit:${batchIndex}`) })
  await settleBatch(db, key)
  await markMessagesExecuted(db, { ids, executionTxHash: seeded.executeTx })
  return batchHash
}

/** The destination inbox as `/v1/relayers` reads it: the three dev relayers, threshold 2, a settler with 1.5 native. */
export function explorerChains(): ApiChains {
  return {
    settler: RELAYERS[0]!.address,
    chains: [{ domain: DESTINATION, name: 'bsc-local', inbox: INBOX }],
    async readRelayerSet() {
      return {
        relayers: RELAYERS.map((r) => r.address),
        threshold: 2,
        paused: false,
        pauser: RELAYERS[2]!.address,
        pendingRotation: null,
      }
    },
    async readBalance() {
      return 1_500_000_000_000_000_000n
    },
  }
}
