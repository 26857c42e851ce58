import assert from 'node:assert/strict'
import { after, afterEach, before, beforeEach, describe, test } from 'node:test'
import { keccak256, parseEventLogs, type Hex } from 'viem'
import { settlementInboxAbi } from '../src/index.js'
import { merkleRoot, sortByAddress, zeroHash } from './support/batch.js'
import {
  assertRevert,
  createInboxFixture,
  nextHeader,
  noopMessages,
  sign,
  snapshots,
  submitMessages,
  waitOk,
  type InboxFixture,
} from './support/fixture.js'

let f: InboxFixture
const snap = snapshots(() => f.chain)
before(async () => {
  f = await createInboxFixture()
})
after(() => f.chain.stop())
beforeEach(() => snap.take())
afterEach(() => snap.restore())

function idsOf(messages: readonly Hex[]) {
  return messages.map((m) => keccak256(m))
}

describe('submitBatch', () => {
  test('3-of-5 quorum settles a batch: hash stored, chain advanced, event emitted', async () => {
    const ids = idsOf(noopMessages(f, 10))
    const header = await nextHeader(f.bridge, ids)
    const signatures = await sign(f.bridge, header, f.relayers.slice(1, 4))
    const receipt = await waitOk(f.chain, await f.bridge.inbox.write.submitBatch([header, ids, signatures]))
    const stored = await f.bridge.inbox.read.batchHash([header])
    assert.equal(await f.bridge.inbox.read.batchHashes([0n]), stored)
    assert.equal(await f.bridge.inbox.read.nextBatchIndex(), 1n)
    assert.equal(await f.bridge.inbox.read.lastBatchHash(), stored)
    const [event] = parseEventLogs({ abi: settlementInboxAbi, logs: receipt.logs, eventName: 'BatchSubmitted' })
    assert.deepEqual(event?.args, { batchIndex: 0n, batchHash: stored, root: header.root, messageCount: 10 })
    // The next batch chains onto it.
    const second = idsOf(noopMessages(f, 3, 10n))
    const header2 = await nextHeader(f.bridge, second)
    assert.equal(header2.previousBatchHash, stored)
    await waitOk(
      f.chain,
      await f.bridge.inbox.write.submitBatch([header2, second, await sign(f.bridge, header2, f.relayers.slice(0, 5))]),
    )
    assert.equal(await f.bridge.inbox.read.nextBatchIndex(), 2n)
  })

  test('digest and domain separator match viem EIP-712 signing (signature recovers on chain)', async () => {
    const ids = idsOf(noopMessages(f, 1))
    const header = await nextHeader(f.bridge, ids)
    assert.equal(header.root, ids[0])
    const { hashTypedData } = await import('viem')
    const { batchHeaderTypes } = await import('./support/batch.js')
    const expected = hashTypedData({
      domain: {
        name: 'relaymesh',
        version: '1',
        chainId: f.chain.chainId,
        verifyingContract: f.bridge.addresses.inbox,
      },
      types: batchHeaderTypes,
      primaryType: 'BatchHeader',
      message: header,
    })
    assert.equal(await f.bridge.inbox.read.digest([header]), expected)
  })

  test('InsufficientQuorum: 2 signatures for a threshold of 3', async () => {
    const ids = idsOf(noopMessages(f, 4))
    const header = await nextHeader(f.bridge, ids)
    const signatures = await sign(f.bridge, header, f.relayers.slice(0, 2))
    await assertRevert(f.bridge.inbox.simulate.submitBatch([header, ids, signatures]), 'InsufficientQuorum', [2n, 3n])
  })

  test('DuplicateSigner: one relayer counted twice', async () => {
    const ids = idsOf(noopMessages(f, 4))
    const header = await nextHeader(f.bridge, ids)
    const [a, b] = sortByAddress(f.relayers.slice(0, 2))
    const signatures = await sign(f.bridge, header, [a!, b!, b!], { sort: false })
    await assertRevert(f.bridge.inbox.simulate.submitBatch([header, ids, signatures]), 'DuplicateSigner', [b!.address])
  })

  test('SignersNotSorted: signatures in descending signer order', async () => {
    const ids = idsOf(noopMessages(f, 4))
    const header = await nextHeader(f.bridge, ids)
    const signers = sortByAddress(f.relayers.slice(0, 3)).reverse()
    const signatures = await sign(f.bridge, header, signers, { sort: false })
    await assertRevert(f.bridge.inbox.simulate.submitBatch([header, ids, signatures]), 'SignersNotSorted', [
      signers[1]!.address,
      signers[0]!.address,
    ])
  })

  test('UnknownSigner: a signer outside the relayer set', async () => {
    const ids = idsOf(noopMessages(f, 4))
    const header = await nextHeader(f.bridge, ids)
    const outsider = f.outsiders[0]!
    const signatures = await sign(f.bridge, header, [...f.relayers.slice(0, 2), outsider])
    await assertRevert(f.bridge.inbox.simulate.submitBatch([header, ids, signatures]), 'UnknownSigner', [
      outsider.address,
    ])
  })

  test('SignatureMalleable: the high-s twin of a valid signature', async () => {
    const ids = idsOf(noopMessages(f, 4))
    const header = await nextHeader(f.bridge, ids)
    const signatures = await sign(f.bridge, header, f.relayers.slice(0, 3))
    const n = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n
    const sig = signatures[1]!
    const s = BigInt(`0x${sig.slice(66, 130)}`)
    const v = parseInt(sig.slice(130), 16) === 27 ? '1c' : '1b'
    signatures[1] = `${sig.slice(0, 66)}${(n - s).toString(16).padStart(64, '0')}${v}` as Hex // reason: template of hex digits
    await assertRevert(f.bridge.inbox.simulate.submitBatch([header, ids, signatures]), 'SignatureMalleable', [1n])
  })

  test('WrongDestination: a header signed for another domain', async () => {
    const ids = idsOf(noopMessages(f, 4))
    const header = await nextHeader(f.bridge, ids, { destination: 31337 })
    const signatures = await sign(f.bridge, header, f.relayers.slice(0, 3))
    await assertRevert(
      f.bridge.inbox.simulate.submitBatch([header, ids, signatures]),
      'WrongDestination',
      [31337, 31356],
    )
  })

  test('BatchOutOfOrder and BatchAlreadySubmitted', async () => {
    const ids = idsOf(noopMessages(f, 4))
    const ahead = await nextHeader(f.bridge, ids, { batchIndex: 1n })
    await assertRevert(
      f.bridge.inbox.simulate.submitBatch([ahead, ids, await sign(f.bridge, ahead, f.relayers.slice(0, 3))]),
      'BatchOutOfOrder',
      [1n, 0n],
    )
    const { header } = await submitMessages(f, noopMessages(f, 4))
    await assertRevert(
      f.bridge.inbox.simulate.submitBatch([header, ids, await sign(f.bridge, header, f.relayers.slice(0, 3))]),
      'BatchAlreadySubmitted',
      [0n],
    )
  })

  test('PreviousBatchMismatch: batch 1 not chained onto batch 0', async () => {
    await submitMessages(f, noopMessages(f, 2))
    const ids = idsOf(noopMessages(f, 2, 2n))
    const header = await nextHeader(f.bridge, ids, { previousBatchHash: zeroHash })
    const expected = await f.bridge.inbox.read.lastBatchHash()
    await assertRevert(
      f.bridge.inbox.simulate.submitBatch([header, ids, await sign(f.bridge, header, f.relayers.slice(0, 3))]),
      'PreviousBatchMismatch',
      [zeroHash, expected],
    )
  })

  test('RootMismatch: the signed root is not the root of the published ids', async () => {
    const ids = idsOf(noopMessages(f, 5))
    const other = idsOf(noopMessages(f, 5, 100n))
    const header = await nextHeader(f.bridge, other)
    const signatures = await sign(f.bridge, header, f.relayers.slice(0, 3))
    await assertRevert(f.bridge.inbox.simulate.submitBatch([header, ids, signatures]), 'RootMismatch', [
      merkleRoot(ids),
      header.root,
    ])
  })

  test('MessageCountMismatch: ids and messageCount disagree, and empty batches', async () => {
    const ids = idsOf(noopMessages(f, 4))
    const header = await nextHeader(f.bridge, ids, { messageCount: 5 })
    await assertRevert(
      f.bridge.inbox.simulate.submitBatch([header, ids, await sign(f.bridge, header, f.relayers.slice(0, 3))]),
      'MessageCountMismatch',
      [4n, 5],
    )
    const empty = await nextHeader(f.bridge, [], { root: zeroHash, messageCount: 0 })
    await assertRevert(
      f.bridge.inbox.simulate.submitBatch([empty, [], await sign(f.bridge, empty, f.relayers.slice(0, 3))]),
      'MessageCountMismatch',
      [0n, 0],
    )
  })

  test('Paused: the pauser stops settlement until unpause', async () => {
    const ids = idsOf(noopMessages(f, 2))
    const header = await nextHeader(f.bridge, ids)
    const signatures = await sign(f.bridge, header, f.relayers.slice(0, 3))
    await waitOk(f.chain, await f.bridge.inbox.write.pause())
    await assertRevert(f.bridge.inbox.simulate.submitBatch([header, ids, signatures]), 'Paused')
    await waitOk(f.chain, await f.bridge.inbox.write.unpause())
    await waitOk(f.chain, await f.bridge.inbox.write.submitBatch([header, ids, signatures]))
  })
})
