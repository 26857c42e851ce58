import assert from 'node:assert/strict'
import { test } from 'node:test'
import { formatFaultSummary } from './formatFaultSummary.js'

const recovery = {
  kind: 'restart-nats' as const,
  target: 'nats',
  startedAt: 30,
  restoredAt: 34,
  baseline: 200,
  peak: 1800,
  recoverySeconds: 6,
}

test('the last line carries the totals; violations and crashes are listed', () => {
  const lines = formatFaultSummary({
    seed: 7,
    recoveries: [recovery, { ...recovery, kind: 'kill-process', target: 'r2/all', recoverySeconds: undefined }],
    crashes: ['r1/settler (code 1)'],
    messages: 9000,
    lost: 1,
    duplicated: 0,
    maxBacklog: 1800,
    violations: ['destination 1: lost: 1 (0x01)'],
  })
  assert.equal(
    lines.at(-1),
    'faults: 2 played (seed 7), messages 9000, lost 1, duplicated 0, max backlog 1800, max recovery not ' +
      'recovered, crashes 1, re-observed 0, violations 1',
  )
  assert.ok(
    lines.includes('recovery per fault kind (after the part came back): restart-nats 6 s; kill-process not recovered'),
  )
  assert.ok(lines.some((l) => l.startsWith('VIOLATION destination 1')))
  assert.ok(lines.some((l) => l.startsWith('crashes')))
})

test('a clean run: max recovery over the faults', () => {
  const lines = formatFaultSummary({
    seed: 1,
    recoveries: [recovery, { ...recovery, recoverySeconds: 11 }],
    crashes: [],
    messages: 10,
    lost: 0,
    duplicated: 0,
    maxBacklog: 5,
    violations: [],
  })
  assert.match(
    lines.at(-1) ?? '',
    /lost 0, duplicated 0, max backlog 5, max recovery 11 s, crashes 0, re-observed 0, violations 0$/,
  )
})

test('a healed loss is reported: the blocks read again for a hint, and their count on the last line', () => {
  const reobserved = [{ relayer: 'r1', origin: 31356, block: '120', hash: '0xab', missing: 7, from: 'r2' }]
  const lines = formatFaultSummary({
    seed: 1,
    recoveries: [recovery],
    crashes: [],
    messages: 10,
    lost: 0,
    duplicated: 0,
    maxBacklog: 5,
    violations: [],
    reobserved,
  })
  assert.ok(
    lines.some((l) => l.startsWith('re-observed') && l.includes('r1 origin 31356 block 120 (7 missing, hint from r2)')),
  )
  assert.match(lines.at(-1) ?? '', /crashes 0, re-observed 1, violations 0$/)
})
