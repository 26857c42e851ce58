import assert from 'node:assert/strict'
import { test } from 'node:test'
import { measureRecovery } from './measureRecovery.js'

const points = [100, 120, 110, 100, 400, 900, 1200, 700, 300, 115, 100, 90].map((backlog, i) => ({
  atSeconds: i,
  backlog,
}))

test('recovery: first sample after the part is back at or below the pre-fault peak', () => {
  const [r] = measureRecovery(points, [{ kind: 'restart-nats', target: 'nats', startedAt: 4, restoredAt: 6 }], {
    baselineSeconds: 10,
  })
  assert.deepEqual([r?.baseline, r?.peak, r?.recoverySeconds], [120, 1200, 3])
})

test('slack counts a backlog just above the baseline as recovered', () => {
  const [r] = measureRecovery(points, [{ kind: 'restart-nats', target: 'nats', startedAt: 4, restoredAt: 6 }], {
    slack: 200,
  })
  assert.equal(r?.recoverySeconds, 2)
})

test('a backlog that never comes back has no recovery time', () => {
  const [r] = measureRecovery(points.slice(0, 8), [
    { kind: 'kill-process', target: 'r1/verifier', startedAt: 4, restoredAt: 5 },
  ])
  assert.equal(r?.recoverySeconds, undefined)
  assert.equal(r?.peak, 1200)
})
