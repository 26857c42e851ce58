import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { createJsonCodec } from '@relaymesh/bus'
import { decodeDelivery } from '@relaymesh/bus/internal'
import { isRelaymeshError } from '@relaymesh/errors'
import { devAccounts } from '@relaymesh/localchain'
import { pad } from 'viem'
import type { BatchProposal } from './BatchProposal.js'
import { batchProposalCodec } from './batchProposalCodec.js'
import { BATCH_PROPOSAL_WIRE } from './BatchProposalWire.js'
import { buildProposal } from './buildProposal.js'
import { decodeBatchProposal } from './decodeBatchProposal.js'
import { encodeBatchProposal } from './encodeBatchProposal.js'

const [proposer] = devAccounts(1)
const domain = { chainId: 31356, inbox: '0x00000000000000000000000000000000000000b0' } as const
const TRACEPARENT = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01'

/** `n` distinct 32-byte ids: the leaf index, big-endian, in the last four bytes. */
function idsOf(n: number): Uint8Array[] {
  return Array.from({ length: n }, (_, i) => {
    const id = new Uint8Array(32)
    new DataView(id.buffer).setUint32(28, i + 1)
    return id
  })
}

const propose = (n: number, traceparent: string | undefined = TRACEPARENT) =>
  buildProposal(proposer!, {
    domain,
    destination: domain.chainId,
    batchIndex: 7n,
    previousBatchHash: pad('0xaa'),
    ids: idsOf(n),
    proposedAt: 1_765_000_000_000,
    traceparent,
  })

/** The JSON form proposals had before the binary one, every id a 0x-hex string: kept for the size comparison. */
const hexJsonCodec = createJsonCodec<BatchProposal | (Omit<BatchProposal, 'ids'> & { ids: string[] })>({
  contentType: 'application/vnd.relaymesh.batch-proposal+json;v=1',
  parse: () => assert.fail('only encoded here'),
})
const hexJsonBytes = (p: BatchProposal) =>
  hexJsonCodec.encode({ ...p, ids: p.ids.map((id) => `0x${Buffer.from(id).toString('hex')}`) }).length

const decodeFailed = (e: unknown) => isRelaymeshError(e, 'BUS_DECODE_FAILED') && e.action === 'reject'

/** The bytes of an encoded proposal with `count` written as its id count and `idBytes` of ids after it. */
function withIdRun(encoded: Uint8Array, count: number, idBytes: number): Uint8Array {
  const at = BATCH_PROPOSAL_WIRE.headBytes + 1 + (encoded[BATCH_PROPOSAL_WIRE.headBytes] as number) // reason: head
  const out = new Uint8Array(at + 4 + idBytes)
  out.set(encoded.subarray(0, at))
  new DataView(out.buffer).setUint32(at, count)
  return out
}

describe('batch proposal wire', () => {
  it('round-trips a proposal: header, hashes, signature, time, traceparent, and the ids as 32-byte views', async () => {
    for (const traceparent of [TRACEPARENT, undefined]) {
      const proposal = await propose(3, traceparent)
      const bytes = encodeBatchProposal(proposal)
      const decoded = decodeBatchProposal(bytes)
      assert.deepEqual(
        { ...decoded, ids: decoded.ids.map((id) => Buffer.from(id)) },
        {
          ...proposal,
          ids: proposal.ids.map((id) => Buffer.from(id)),
        },
      )
      assert.ok(
        decoded.ids.every((id) => id.length === 32 && id.buffer === bytes.buffer),
        'views, no copy',
      )
    }
  })

  it('a 2,000-message proposal is 32 bytes per id plus a 270-byte head: 64,270 bytes, the hex JSON was 138,625', async () => {
    const proposal = await propose(2_000)
    const binary = batchProposalCodec.encode(proposal).length
    const json = hexJsonBytes(proposal)
    assert.equal(binary, BATCH_PROPOSAL_WIRE.headBytes + 1 + TRACEPARENT.length + 4 + 32 * 2_000)
    assert.equal(json, 138_625)
    assert.equal(binary, 64_270)
  })

  it('refuses what is not a proposal of this version: garbage, another magic, an unknown version, a cut head', async () => {
    const bytes = encodeBatchProposal(await propose(2))
    const otherMagic = Uint8Array.from(bytes)
    otherMagic[3] = 0x57
    const otherVersion = Uint8Array.from(bytes)
    otherVersion[4] = 9
    const json = new TextEncoder().encode('{"ids":["0x01"]}')
    for (const malformed of [new Uint8Array(0), json, otherMagic, otherVersion, bytes.subarray(0, 100)])
      assert.throws(() => decodeBatchProposal(malformed), decodeFailed)
  })

  it('refuses an id run that is not exactly count × 32 bytes: short, long, a partial id, trailing bytes', async () => {
    const bytes = encodeBatchProposal(await propose(4))
    for (const [count, idBytes] of [
      [4, 3 * 32],
      [4, 5 * 32],
      [4, 4 * 32 - 1],
      [4, 4 * 32 + 31],
      [3, 4 * 32],
    ] as const)
      assert.throws(
        () => decodeBatchProposal(withIdRun(bytes, count, idBytes)),
        decodeFailed,
        `${count} ids in ${idBytes}`,
      )
    assert.throws(() => decodeBatchProposal(bytes.subarray(0, bytes.length - 1)), decodeFailed, 'last id cut')
  })

  it('refuses no ids, and more than maxIds without reading them (a count alone cannot make it allocate)', async () => {
    const bytes = encodeBatchProposal(await propose(1))
    assert.throws(() => decodeBatchProposal(withIdRun(bytes, 0, 0)), decodeFailed)
    assert.throws(() => decodeBatchProposal(withIdRun(bytes, BATCH_PROPOSAL_WIRE.maxIds + 1, 32)), decodeFailed)
    assert.throws(() => decodeBatchProposal(withIdRun(bytes, 0xffff_ffff, 32)), decodeFailed)
  })

  it('refuses a traceparent that runs past the end, is longer than 128 bytes, or is not printable ASCII', async () => {
    const bytes = encodeBatchProposal(await propose(1, 'x'))
    const at = BATCH_PROPOSAL_WIRE.headBytes
    const tooLong = Uint8Array.from(bytes)
    tooLong[at] = 129
    const binary = Uint8Array.from(bytes)
    binary[at + 1] = 0x0a
    const pastEnd = Uint8Array.from(bytes.subarray(0, at + 1))
    pastEnd[at] = 1
    for (const malformed of [tooLong, binary, pastEnd])
      assert.throws(() => decodeBatchProposal(malformed), decodeFailed)
  })

  it('does not encode what it could not decode: too many ids, an id of 31 bytes (BUS_ENCODE_FAILED)', async () => {
    const proposal = await propose(1)
    const encodeFailed = (e: unknown) => isRelaymeshError(e, 'BUS_ENCODE_FAILED')
    const many = Array.from({ length: BATCH_PROPOSAL_WIRE.maxIds + 1 }, () => proposal.ids[0]!)
    assert.throws(() => encodeBatchProposal({ ...proposal, ids: many }), encodeFailed)
    assert.throws(() => encodeBatchProposal({ ...proposal, ids: [new Uint8Array(31)] }), encodeFailed)
  })

  it('a malformed delivery reaches no handler: consume gets BUS_DECODE_FAILED (reject), which it dead-letters', async () => {
    const bytes = encodeBatchProposal(await propose(2))
    // reason: decodeDelivery reads only data, subject, headers and info's two counters.
    const delivery = (data: Uint8Array) =>
      ({
        data,
        subject: 'mesh.proposals.31356.r1',
        headers: undefined,
        info: { streamSequence: 1, deliveryCount: 1 },
      }) as unknown as Parameters<typeof decodeDelivery>[1]
    const ok = decodeDelivery(batchProposalCodec, delivery(bytes))
    assert.equal(ok.message?.data.ids.length, 2)
    const bad = decodeDelivery(batchProposalCodec, delivery(bytes.subarray(0, bytes.length - 5)))
    assert.equal(bad.message, undefined)
    assert.ok(decodeFailed(bad.error))
    assert.equal(bad.error?.details, '2 ids need 64 bytes, 59 follow')
  })
})
