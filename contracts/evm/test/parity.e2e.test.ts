/**
 * Parity: `@relaymesh/protocol` (TypeScript) against the Solidity libraries (through
 * ProtocolHarness, by eth_call) and the Outbox's Dispatch event, on random batches of 1..1000
 * messages with payloads of 0..300 bytes. Seeded, so a failure reproduces.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { getContract, parseEventLogs, toHex, type Hex } from 'viem'
import {
  addressToBytes32,
  bytesToHex,
  createMerkleTree,
  decodeMessage,
  encodeMessage,
  encodeMessageHex,
  merkleRoot,
  messageId,
  messageIds,
  verifyMerkleMultiproof,
  verifyMerkleProof,
  type Message,
} from '@relaymesh/protocol'
import { deployBridge, startAnvil, type AnvilInstance, type Bridge } from '@relaymesh/localchain'
import { outboxAbi, protocolHarnessAbi, protocolHarnessBytecode } from '../src/index.js'
import { waitOk } from './support/fixture.js'

/** xorshift32: deterministic randomness for reproducible batches. */
function rng(seed: number) {
  let x = seed >>> 0 || 1
  const next = () => {
    x ^= x << 13
    x >>>= 0
    x ^= x >>> 17
    x ^= x << 5
    x >>>= 0
    return x
  }
  const int = (max: number) => next() % max // 0 ..< max
  const bytes = (n: number) => Uint8Array.from({ length: n }, () => next() & 0xff)
  const subset = (n: number, k: number) => [...new Set(Array.from({ length: k }, () => int(n)))].sort((a, b) => a - b)
  return { int, bytes, subset }
}

type Random = ReturnType<typeof rng>

function randomMessage(r: Random): Message {
  return {
    version: 2,
    nonce: (BigInt(r.int(2 ** 32)) << 32n) | BigInt(r.int(2 ** 32)),
    origin: r.int(2 ** 32),
    sender: bytesToHex(r.bytes(32)),
    destination: r.int(2 ** 32),
    recipient: bytesToHex(r.bytes(32)),
    gasLimit: r.int(2 ** 32),
    payload: bytesToHex(r.bytes(r.int(301))),
  }
}

let chain: AnvilInstance
let bridge: Bridge
let harness: ReturnType<typeof harnessAt>
function harnessAt(address: Hex) {
  return getContract({ address, abi: protocolHarnessAbi, client: chain.publicClient })
}

before(async () => {
  chain = await startAnvil({ chainId: 31337, gasLimit: 1_000_000_000n })
  bridge = await deployBridge(chain, {
    relayers: [chain.accounts[1]!.address],
    threshold: 1,
    pauser: chain.accounts[0]!.address,
  })
  const hash = await chain.walletClient.deployContract({ abi: protocolHarnessAbi, bytecode: protocolHarnessBytecode })
  harness = harnessAt((await waitOk(chain, hash)).contractAddress!)
})
after(() => chain.stop())

const seeds = Array.from({ length: 16 }, (_, i) => i + 1)
const fixedSizes = [1, 2, 3, 1000] // edges plus the largest batch; the rest are random in 1..1000

describe('TypeScript protocol == Solidity libraries', () => {
  for (const [k, seed] of seeds.entries()) {
    const r = rng(0x5eed0000 + seed)
    const n = fixedSizes[k] ?? 1 + r.int(1000)
    test(`batch ${k} (seed ${seed}): ${n} messages: encoding, ids, root, proofs, multiproofs`, async () => {
      const messages = Array.from({ length: n }, () => randomMessage(r))
      const encoded = messages.map((m) => encodeMessage(m))
      const hexes = encoded.map(bytesToHex)
      const packedIds = messageIds(encoded)
      const ids = Array.from({ length: n }, (_, i) => bytesToHex(packedIds.subarray(32 * i, 32 * i + 32)))

      // Encoding and decoding: a sample (each is one eth_call); ids: all, in one call.
      for (const i of r.subset(n, 25)) {
        const m = messages[i]!
        assert.equal(
          await harness.read.encodeMessage([
            m.nonce,
            m.origin,
            m.sender,
            m.destination,
            m.recipient,
            m.gasLimit,
            m.payload,
          ]),
          hexes[i],
        )
        const decoded = await harness.read.decodeMessage([hexes[i]!])
        assert.deepEqual({ ...decoded, version: Number(decoded.version) }, decodeMessage(hexes[i]!))
        assert.equal(await harness.read.messageId([hexes[i]!]), messageId(encoded[i]!))
      }
      assert.deepEqual(await harness.read.messageIds([hexes]), ids)

      // Root and depth.
      const tree = createMerkleTree(packedIds)
      assert.equal(tree.root, merkleRoot(ids))
      assert.equal(await harness.read.rootFromLeaves([ids]), tree.root)
      assert.equal(await harness.read.depth([BigInt(n)]), BigInt(tree.depth))

      // Single proofs, valid and at a wrong index.
      for (const i of r.subset(n, 6)) {
        const proof = tree.proof(i)
        assert.equal(verifyMerkleProof({ root: tree.root, count: n, index: i, leaf: ids[i]!, proof }), true)
        assert.equal(await harness.read.verifyProof([tree.root, BigInt(n), BigInt(i), ids[i]!, proof]), true)
        const wrong = (i + 1) % n
        if (wrong !== i && ids[wrong] !== ids[i]) {
          assert.equal(await harness.read.verifyProof([tree.root, BigInt(n), BigInt(wrong), ids[i]!, proof]), false)
          assert.equal(verifyMerkleProof({ root: tree.root, count: n, index: wrong, leaf: ids[i]!, proof }), false)
        }
      }

      // Multiproofs: random subsets, plus all leaves; and a truncated proof both must reject.
      for (const size of [1, 2, Math.ceil(n / 10), Math.ceil(n / 2), n]) {
        const indices = size === n ? Array.from({ length: n }, (_, i) => i) : r.subset(n, size)
        const leaves = indices.map((i) => ids[i]!)
        const proof = tree.multiproof(indices)
        assert.equal(verifyMerkleMultiproof({ root: tree.root, count: n, indices, leaves, proof }), true)
        assert.equal(await harness.read.verifyMultiproof([tree.root, BigInt(n), indices, leaves, proof]), true)
        if (proof.length > 0) {
          const short = proof.slice(0, -1)
          assert.equal(verifyMerkleMultiproof({ root: tree.root, count: n, indices, leaves, proof: short }), false)
          assert.equal(await harness.read.verifyMultiproof([tree.root, BigInt(n), indices, leaves, short]), false)
        }
      }
    })
  }
})

describe('Outbox Dispatch bytes == TypeScript encoding', () => {
  test('random destinations, recipients and payloads from several senders', async () => {
    const r = rng(0xd15ca7c4)
    let nonce = await bridge.outbox.read.nonce()
    for (let i = 0; i < 12; i++) {
      const sender = chain.accounts[i % 5]!
      const destination = r.int(2 ** 32)
      const recipient = bytesToHex(r.bytes(32))
      const payload = toHex(r.bytes(r.int(301)))
      const gasLimit = r.int(2 ** 32)
      const hash = await chain.walletClientFor(sender).writeContract({
        address: bridge.addresses.outbox,
        abi: outboxAbi,
        functionName: 'dispatch',
        args: [destination, recipient, gasLimit, payload],
      })
      const [event] = parseEventLogs({ abi: outboxAbi, logs: (await waitOk(chain, hash)).logs, eventName: 'Dispatch' })
      const expected = encodeMessageHex({
        version: 2,
        nonce,
        origin: 31337,
        sender: addressToBytes32(sender.address),
        destination,
        recipient,
        gasLimit,
        payload,
      })
      assert.equal(event!.args.message, expected)
      assert.equal(event!.args.id, messageId(expected))
      nonce++
    }
  })
})
