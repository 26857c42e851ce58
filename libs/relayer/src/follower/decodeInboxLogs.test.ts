import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { settlementInboxAbi } from '@relaymesh/evm-contracts'
import { encodeAbiParameters, encodeEventTopics, parseEventLogs, type Hex } from 'viem'
import { decodeInboxLogs, FOLLOWED_EVENTS, type RpcInboxLog } from './decodeInboxLogs.js'

const tx = `0x${'ab'.repeat(32)}` as Hex
const id = (n: number) => `0x${n.toString(16).padStart(64, '0')}` as Hex
const at = (i: number) => ({ transactionHash: tx, blockNumber: '0x10' as Hex, logIndex: `0x${i.toString(16)}` as Hex })

const submitted: RpcInboxLog = {
  topics: encodeEventTopics({
    abi: settlementInboxAbi,
    eventName: 'BatchSubmitted',
    args: { batchIndex: 7n, batchHash: id(9) },
  }) as Hex[], // reason: every topic is set
  data: encodeAbiParameters([{ type: 'bytes32' }, { type: 'uint32' }], [id(5), 3]),
  ...at(0),
}
const executed = (n: number, i: number): RpcInboxLog => ({
  // reason: every topic is set
  topics: encodeEventTopics({ abi: settlementInboxAbi, eventName: 'MessageExecuted', args: { id: id(n) } }) as Hex[],
  data: '0x',
  ...at(i),
})
const failedEvent = settlementInboxAbi.find((e) => e.type === 'event' && e.name === 'MessageFailed')
assert.ok(failedEvent?.type === 'event')
const indexed = failedEvent.inputs.filter((p) => p.indexed)
const failedArgs: Record<string, unknown> = {
  id: id(4),
  batchIndex: 7n,
  leafIndex: 2,
  origin: 31337,
  nonce: 12n,
  reason: '0x08c379a0',
}
const failed: RpcInboxLog = {
  topics: encodeEventTopics({
    abi: settlementInboxAbi,
    eventName: 'MessageFailed',
    args: Object.fromEntries(indexed.map((p) => [p.name, failedArgs[p.name as string]])),
  }) as Hex[], // reason: every topic is set
  data: encodeAbiParameters(
    failedEvent.inputs.filter((p) => !p.indexed),
    // reason: names from the ABI
    failedEvent.inputs.filter((p) => !p.indexed).map((p) => failedArgs[p.name as string]),
  ),
  ...at(3),
}

describe('decodeInboxLogs', () => {
  it('decodes the followed events as viem parseEventLogs does, in order, and leaves out a log that does not decode', () => {
    // MessageExecuted without its id topic
    const broken: RpcInboxLog = { ...executed(1, 4), topics: [executed(1, 4).topics[0] as Hex] }
    const raw = [submitted, executed(1, 1), executed(2, 2), failed, broken]
    const viem = parseEventLogs({
      abi: settlementInboxAbi,
      eventName: [...FOLLOWED_EVENTS],
      // reason (topics cast): every log here has its topic0
      logs: raw.map((l) => ({
        ...l,
        topics: l.topics as [Hex, ...Hex[]],
        address: `0x${'11'.repeat(20)}` as Hex,
        blockHash: tx,
        transactionIndex: 0,
        logIndex: Number(l.logIndex),
        blockNumber: BigInt(l.blockNumber),
        removed: false,
      })),
    })
    const ours = decodeInboxLogs(raw)
    assert.equal(ours.length, 4)
    assert.deepEqual(
      ours.map((l) => ({
        eventName: l.eventName,
        args: l.args,
        transactionHash: l.transactionHash,
        blockNumber: l.blockNumber,
      })),
      viem.map((l) => ({
        eventName: l.eventName,
        args: l.args,
        transactionHash: l.transactionHash,
        blockNumber: l.blockNumber,
      })),
    )
    assert.deepEqual(ours[1], {
      eventName: 'MessageExecuted',
      args: { id: id(1) },
      transactionHash: tx,
      blockNumber: 16n,
    })
  })
})
