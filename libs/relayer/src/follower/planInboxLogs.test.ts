import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { bytesToHex } from '@relaymesh/protocol'
import type { Hex } from 'viem'
import type { InboxLog } from './decodeInboxLogs.js'
import { planInboxLogs, type InboxLogStep } from './planInboxLogs.js'

const hash = (n: number) => `0x${n.toString(16).padStart(64, '0')}` as Hex
const batch = (index: number, tx: number): InboxLog => ({
  eventName: 'BatchSubmitted',
  args: { batchIndex: BigInt(index), batchHash: hash(100 + index), root: hash(200 + index), messageCount: 2 },
  transactionHash: hash(tx),
  blockNumber: 5n,
})
const executed = (id: number, tx: number): InboxLog => ({
  eventName: 'MessageExecuted',
  args: { id: hash(id) },
  transactionHash: hash(tx),
  blockNumber: 5n,
})
const failed = (id: number, tx: number, reason: Hex = '0x'): InboxLog => ({
  eventName: 'MessageFailed',
  args: { id: hash(id), batchIndex: 1n, leafIndex: id, reason },
  transactionHash: hash(tx),
  blockNumber: 5n,
})

/** A step as `kind:ids` (`batch@index[same-tx ids]`), to compare plans at a glance. */
const show = (steps: InboxLogStep[]) =>
  steps.map((s) => {
    const ids = (s.kind === 'batch' ? s.sameTx : s.events).map((e) => Number(BigInt(bytesToHex(e.id))))
    return s.kind === 'batch' ? `batch@${s.event.batchIndex}[${ids.join(',')}]` : `${s.kind}:${ids.join(',')}`
  })

describe('planInboxLogs', () => {
  it('groups runs of one tx (and one failure reason) in chain order; a one-shot batch takes its own executions', () => {
    const table: [string, InboxLog[], string[]][] = [
      ['no logs', [], []],
      ['one execute tx', [executed(1, 7), executed(2, 7), executed(3, 7)], ['executed:1,2,3']],
      ['two execute txs', [executed(1, 7), executed(2, 8)], ['executed:1', 'executed:2']],
      ['two-step settlement: the batch alone', [batch(0, 1)], ['batch@0[]']],
      ['one-shot: its executions go with the batch', [batch(0, 1), executed(1, 1), executed(2, 1)], ['batch@0[1,2]']],
      [
        'one-shot, then an execute of another tx',
        [batch(0, 1), executed(1, 1), executed(2, 9)],
        ['batch@0[1]', 'executed:2'],
      ],
      [
        'executions before a batch are not joined to those after it',
        [executed(1, 7), batch(3, 8), executed(2, 7)],
        ['executed:1', 'batch@3[]', 'executed:2'],
      ],
      [
        'failures of one tx and reason together, another reason apart',
        [failed(1, 7), failed(2, 7), failed(3, 7, '0x01'), executed(4, 7)],
        ['failed:1,2', 'failed:3', 'executed:4'],
      ],
      [
        'a failure inside a one-shot tx is its own step',
        [batch(0, 1), failed(1, 1), executed(2, 1)],
        ['batch@0[]', 'failed:1', 'executed:2'],
      ],
    ]
    for (const [name, logs, plan] of table) assert.deepEqual(show(planInboxLogs(logs)), plan, name)
  })

  it('keeps what each write needs: the batch event, the failure batch, leaf and reason', () => {
    const [b, f] = planInboxLogs([batch(4, 1), failed(3, 2, '0x02')])
    assert.deepEqual(b?.kind === 'batch' && b.event, {
      batchIndex: 4n,
      batchHash: hash(104),
      root: hash(204),
      messageCount: 2,
      transactionHash: hash(1),
      blockNumber: 5n,
    })
    assert.ok(f?.kind === 'failed')
    assert.deepEqual(
      { ...f.events[0], id: bytesToHex(f.events[0]!.id) },
      { id: hash(3), batchIndex: 1n, leafIndex: 3, transactionHash: hash(2), reason: '0x02' },
    )
  })
})
