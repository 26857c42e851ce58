// Microbenchmark of the protocol hot paths: `npm run bench:merkle` (about 20 s).
// Each case: warm-up, then 5 timed samples of ~150 ms, median reported.
import { keccak_256 } from '@noble/hashes/sha3.js'
import {
  createMerkleTree,
  encodeMessage,
  keccak256,
  keccak256Batch64,
  merkleRoot,
  messageIds,
  verifyMerkleMultiproof,
  verifyMerkleProof,
  type Hex,
  type Message,
} from '../src/index.js'

const SAMPLES = 5
const SAMPLE_MS = 150

/** Median operations per second of `fn`, which performs `ops` operations per call. */
function rate(fn: () => unknown, ops: number): number {
  const warmUntil = performance.now() + 100
  while (performance.now() < warmUntil) fn()
  const rates: number[] = []
  for (let s = 0; s < SAMPLES; s++) {
    let calls = 0
    const start = performance.now()
    let elapsed = 0
    while (elapsed < SAMPLE_MS) {
      fn()
      calls++
      elapsed = performance.now() - start
    }
    rates.push((calls * ops * 1000) / elapsed)
  }
  return rates.sort((a, b) => a - b)[Math.floor(SAMPLES / 2)] as number
}

function randomBytes(length: number): Uint8Array {
  const out = new Uint8Array(length)
  for (let i = 0; i < length; i += 65536) crypto.getRandomValues(out.subarray(i, Math.min(length, i + 65536)))
  return out
}

const rows: string[][] = []
const fmt = (n: number): string => (n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(2))
function row(name: string, ours: string, reference: string, note = ''): void {
  rows.push([name, ours, reference, note])
}

/** Noble Merkle root (padded with zero-subtree hashes), the baseline. */
function nobleRoot(leaves: Uint8Array): Uint8Array {
  let layer = Array.from({ length: leaves.length / 32 }, (_, i) => leaves.subarray(32 * i, 32 * i + 32))
  let zero: Uint8Array = new Uint8Array(32)
  const pair = new Uint8Array(64)
  while (layer.length > 1) {
    if (layer.length % 2) layer.push(zero)
    layer = Array.from({ length: layer.length / 2 }, (_, i) => {
      pair.set(layer[2 * i] as Uint8Array, 0)
      pair.set(layer[2 * i + 1] as Uint8Array, 32)
      return keccak_256(pair)
    })
    pair.set(zero, 0)
    pair.set(zero, 32)
    zero = keccak_256(pair)
  }
  return layer[0] as Uint8Array
}

// keccak256 of 64 bytes
const batchInput = randomBytes(64 * 4096)
const one = batchInput.subarray(0, 64)
row(
  'keccak256 64 B, hashes/s (batch of 4096)',
  fmt(rate(() => keccak256Batch64(batchInput, 4096), 4096)),
  fmt(rate(() => keccak_256(one), 1)),
  'ours: keccak256Batch64; ref: noble per call',
)
row(
  'keccak256 64 B, hashes/s (one per call)',
  fmt(rate(() => keccak256(one), 1)),
  '',
  'ours: keccak256 (per-call overhead)',
)

// Merkle roots
for (const n of [1_000, 10_000, 100_000]) {
  const leaves = randomBytes(32 * n)
  const perSecond = rate(() => merkleRoot(leaves), n)
  const tree = rate(() => createMerkleTree(leaves), n)
  const noble = n <= 10_000 ? rate(() => nobleRoot(leaves), n) : undefined
  row(
    `merkleRoot ${n.toLocaleString('en-US')} leaves: ms | leaves/s`,
    `${((n / perSecond) * 1000).toFixed(2)} ms | ${fmt(perSecond)}`,
    noble ? `${((n / noble) * 1000).toFixed(2)} ms | ${fmt(noble)}` : '',
    'ref: noble, one call per node',
  )
  row(
    `createMerkleTree ${n.toLocaleString('en-US')} leaves (keeps layers): ms`,
    `${((n / tree) * 1000).toFixed(2)} ms`,
    '',
  )
}

// Single proofs at depth 10 and 17
for (const n of [1_000, 100_000]) {
  const tree = createMerkleTree(randomBytes(32 * n))
  let i = 0
  const proofs = rate(() => tree.proof((i = (i + 7919) % n)), 1)
  const fixed = Array.from({ length: 64 }, (_, k) => (k * 7919) % n)
  const cases = fixed.map((index) => ({
    root: tree.root,
    count: n,
    index,
    leaf: tree.leaf(index),
    proof: tree.proof(index),
  }))
  const packed = fixed.map((index) => ({
    root: tree.rootBytes,
    count: n,
    index,
    leaf: tree.leaf(index),
    proof: tree.proofBytes(index),
  }))
  let j = 0
  const verifies = rate(() => verifyMerkleProof(cases[(j = (j + 1) & 63)] as (typeof cases)[number]), 1)
  const verifiesPacked = rate(() => verifyMerkleProof(packed[(j = (j + 1) & 63)] as (typeof packed)[number]), 1)
  row(`depth ${tree.depth}: proofs/s (hex)`, fmt(proofs), '')
  row(`depth ${tree.depth}: verifications/s (hex | packed)`, `${fmt(verifies)} | ${fmt(verifiesPacked)}`, '')
}

// Multiproof: 100 of 1000
{
  const tree = createMerkleTree(randomBytes(32 * 1000))
  const indices = Array.from({ length: 1000 }, (_, i) => i).filter((i) => i % 10 === 3)
  const leaves = indices.map((i) => tree.leaf(i))
  const build = rate(() => tree.multiproof(indices), 1)
  const proof = tree.multiproof(indices)
  const verify = rate(() => verifyMerkleMultiproof({ root: tree.root, count: 1000, indices, leaves, proof }), 1)
  const both = rate(
    () => verifyMerkleMultiproof({ root: tree.root, count: 1000, indices, leaves, proof: tree.multiproof(indices) }),
    1,
  )
  row(
    'multiproof 100 of 1000: build | verify | both, per s',
    `${fmt(build)} | ${fmt(verify)} | ${fmt(both)}`,
    '',
    `${proof.length} proof hashes`,
  )
}

// Message ids of 200-byte messages
{
  const template: Message = {
    version: 2,
    nonce: 0n,
    origin: 1,
    sender: `0x${'11'.repeat(32)}`,
    destination: 56,
    recipient: `0x${'22'.repeat(32)}`,
    gasLimit: 200_000,
    payload: `0x${'ab'.repeat(119)}` as Hex,
  }
  const encoded = Array.from({ length: 4096 }, (_, i) => encodeMessage({ ...template, nonce: BigInt(i) }))
  row(
    'message ids, 200 B messages/s (batch of 4096)',
    fmt(rate(() => messageIds(encoded), 4096)),
    fmt(rate(() => keccak_256(encoded[0] as Uint8Array), 1)),
    'ours: messageIds; ref: noble per call',
  )
  row('encodeMessage 200 B, messages/s', fmt(rate(() => encodeMessage(template), 1)), '')
}

const headers = ['case', 'relaymesh', '@noble/hashes', 'note']
const widths = headers.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] as string).length)))
const line = (cells: string[]) => `| ${cells.map((cell, c) => cell.padEnd(widths[c] as number)).join(' | ')} |`
console.log(line(headers))
console.log(line(widths.map((w) => '-'.repeat(w))))
for (const r of rows) console.log(line(r))
