/**
 * Receipt-proof throughput: `npm run bench:receipt-proof`.
 * Builds a 2,000-receipt synthetic block trie (the watcher's work per block),
 * cuts every proof, verifies every proof (the verifier's work per message).
 */
import { buildReceiptsTrie, encodeReceipt, getReceiptProof, verifyReceiptProof } from '../src/index.js'
import { syntheticReceipt } from '../src/testing/syntheticReceipts.js'

const RECEIPTS = Number(process.argv[2] ?? 2000)
const ROUNDS = 5

function timed<T>(run: () => T): { ms: number; result: T } {
  const start = performance.now()
  const result = run()
  return { ms: performance.now() - start, result }
}

const receipts = Array.from({ length: RECEIPTS }, (_, i) => syntheticReceipt(i))
const encoded = receipts.map((r) => encodeReceipt(r))
const bytes = encoded.reduce((sum, r) => sum + r.length, 0)

let encodeMs = Infinity
let buildMs = Infinity
let proveMs = Infinity
let verifyMs = Infinity
let proofBytes = 0
for (let round = 0; round < ROUNDS; round++) {
  encodeMs = Math.min(encodeMs, timed(() => receipts.map((r) => encodeReceipt(r))).ms)
  const build = timed(() => buildReceiptsTrie(encoded))
  const trie = build.result
  const prove = timed(() => encoded.map((_, i) => getReceiptProof(trie, i)))
  const proofs = prove.result
  const verify = timed(() =>
    proofs.forEach((proof, i) => verifyReceiptProof({ receiptsRoot: trie.root, txIndex: i, proof })),
  )
  buildMs = Math.min(buildMs, build.ms)
  proveMs = Math.min(proveMs, prove.ms)
  verifyMs = Math.min(verifyMs, verify.ms)
  proofBytes = proofs.reduce((sum, p) => sum + p.reduce((s, n) => s + n.length, 0), 0)
}

const perSecond = (ms: number): string => Math.round((RECEIPTS / ms) * 1000).toLocaleString('en-US')
console.log(
  `receipt-proof bench: ${RECEIPTS} receipts, ${(bytes / 1e6).toFixed(2)} MB encoded, best of ${ROUNDS} rounds ` +
    `(node ${process.version})`,
)
console.log(`  encode receipts (JSON -> bytes)   ${encodeMs.toFixed(1)} ms`)
console.log(`  build trie (root + all nodes)     ${buildMs.toFixed(1)} ms`)
console.log(`  cut all proofs                    ${proveMs.toFixed(2)} ms  (${perSecond(proveMs)} proofs/s)`)
console.log(`  verify all proofs                 ${verifyMs.toFixed(1)} ms  (${perSecond(verifyMs)} verifications/s)`)
console.log(`  mean proof size                   ${Math.round(proofBytes / RECEIPTS)} bytes`)
