import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { createBusCatalogue } from './catalogue.js'

describe('createBusCatalogue', () => {
  const cat = createBusCatalogue({ relayerId: 'eu-west-1' })
  it('names streams and subjects per relayer, and the shared mesh stream', () => {
    assert.equal(cat.streams.bundles.name, 'RM_EU_WEST_1_BUNDLES')
    assert.equal(cat.streams.deadLetters.name, 'RM_EU_WEST_1_DLQ')
    assert.equal(cat.streams.mesh.name, 'RM_MESH')
    assert.equal(cat.subjects.bundles('ethereum'), 'relaymesh.eu-west-1.bundles.ethereum')
    assert.equal(cat.subjects.verified('bsc'), 'relaymesh.eu-west-1.verified.bsc')
    assert.equal(cat.subjects.proposals('solana'), 'relaymesh.mesh.proposals.solana.eu-west-1')
    assert.equal(cat.subjects.signatures('bsc'), 'relaymesh.mesh.signatures.bsc.eu-west-1')
    assert.equal(cat.subjects.deadLetter('verifier'), 'relaymesh.eu-west-1.dlq.verifier')
    assert.deepEqual(cat.streams.bundles.subjects, [
      'relaymesh.eu-west-1.bundles.>',
      'relaymesh.eu-west-1.verified.>',
      'relaymesh.eu-west-1.finality.>',
    ])
    assert.equal(cat.consumers.proposals.durable, 'EU_WEST_1_proposals')
  })
  it('keeps every stage subject inside a stream', () => {
    const covered = (subject: string) =>
      cat.streams.all.some((s) => s.subjects.some((p) => subject.startsWith(p.slice(0, -1))))
    for (const s of [
      cat.subjects.bundles('x'),
      cat.subjects.verified('x'),
      cat.subjects.proposals('x'),
      cat.subjects.signatures('x'),
      cat.subjects.deadLetter('x'),
    ])
      assert.ok(covered(s), s)
  })
  it('rejects ids that would break subjects or stream names', () => {
    for (const relayerId of ['', 'A', 'r.1', 'r*', 'r>', 'r 1', 'r_1'])
      assert.throws(() => createBusCatalogue({ relayerId }), { code: 'BUS_INVALID_NAME' }, relayerId)
    assert.throws(() => createBusCatalogue({ relayerId: 'r1', streamPrefix: 'R.M' }), { code: 'BUS_INVALID_NAME' })
  })
  it('sets JetStream replicas per stream: 1 by default, as configured otherwise', () => {
    assert.deepEqual(
      cat.streams.all.map((s) => s.replicas),
      [1, 1, 1],
    )
    const r3 = createBusCatalogue({ relayerId: 'r1', replicas: { bundles: 3, mesh: 3 } })
    assert.deepEqual(
      r3.streams.all.map((s) => [s.name, s.replicas]),
      [
        ['RM_R1_BUNDLES', 3],
        ['RM_R1_DLQ', 1],
        ['RM_MESH', 3],
      ],
    )
  })
})
