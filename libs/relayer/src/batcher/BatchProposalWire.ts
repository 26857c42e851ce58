/**
 * The binary form of a batch proposal on `mesh.proposals.<dest>.<relayer>`: fixed-width fields, then the message ids
 * as one packed run of 32-byte values, no hex and no JSON (the ids are almost all of a proposal's bytes: 32 per id
 * here, 69 as a JSON hex string). Laid out like a source bundle part (`BundleWire.ts`); all integers big-endian.
 *
 * ```
 * magic "RMBP" | version u8 = 1 | destination u32 | batchIndex u64 | root 32 | messageCount u32
 * | previousBatchHash 32 | batchHash 32 | proposer 20 | signature 65 | proposedAt u64 (ms)
 * | traceparent: u8 length (0: none) + ASCII
 * | ids: u32 count + count × 32 bytes, in leaf order; nothing after
 * ```
 * The id count is its own field, not `messageCount`: a count that disagrees with the header decodes, and the co-signer
 * refuses it as `BATCH_ROOT_MISMATCH` like any other root that does not follow from the ids.
 */
export const BATCH_PROPOSAL_WIRE = {
  contentType: 'application/vnd.relaymesh.batch-proposal;v=2',
  magic: Uint8Array.of(0x52, 0x4d, 0x42, 0x50),
  version: 1,
  /** Bytes before the traceparent. */
  headBytes: 210,
  /** The most ids a proposal carries (`batch.maxMessages` allows no more). */
  maxIds: 65_536,
  traceparentChars: 128,
} as const
