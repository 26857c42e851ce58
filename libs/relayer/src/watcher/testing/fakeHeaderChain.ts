import { DISPATCH_TOPIC, hashBlockHeader } from '@relaymesh/receipt-proof'
import { keccak256, type Hex } from 'viem'
import type { RangeBlock } from '../findMessageBlocks.js'

const zero32 = `0x${'00'.repeat(32)}` as const

/** A 2048-bit log bloom holding `values` (Yellow Paper §4.3.1), for headers whose bloom must name a log. */
export function bloomOf(values: readonly Hex[]): Hex {
  const bits = new Uint8Array(256)
  for (const value of values) {
    const hash = Buffer.from(keccak256(value).slice(2), 'hex')
    for (let i = 0; i < 6; i += 2) {
      const bit = (((hash[i] as number) << 8) | (hash[i + 1] as number)) & 2047 // reason: i + 1 < 32
      bits[255 - (bit >> 3)] = (bits[255 - (bit >> 3)] as number) | (1 << (bit & 7)) // reason: index in 0..255
    }
  }
  return `0x${Buffer.from(bits).toString('hex')}`
}

/**
 * Headers that hash and link like a real chain's (the watcher checks both), with no transactions. Blocks from
 * `fork.at` on differ once `fork.salt` is set (a reorg); blocks in `bloomed` have the Outbox's Dispatch in their bloom.
 */
export function fakeHeaderChain(p: { fork: { at: bigint; salt: bigint }; bloomed: ReadonlySet<bigint>; outbox: Hex }) {
  const dispatchBloom = bloomOf([p.outbox, DISPATCH_TOPIC])
  const emptyBloom = bloomOf([])
  const byNumber = (n: bigint): RangeBlock => {
    // Rebuilt on each call from genesis: the fork's salt can change between polls (tests stay small).
    let parentHash: Hex = zero32
    let header: RangeBlock | undefined
    for (let i = 0n; i <= n; i++) {
      const fields = {
        parentHash,
        sha3Uncles: zero32,
        miner: `0x${'00'.repeat(20)}` as Hex,
        stateRoot: zero32,
        transactionsRoot: zero32,
        receiptsRoot: zero32,
        logsBloom: p.bloomed.has(i) ? dispatchBloom : emptyBloom,
        difficulty: '0x0' as Hex,
        number: `0x${i.toString(16)}` as Hex,
        gasLimit: '0x1c9c380' as Hex,
        gasUsed: '0x0' as Hex,
        timestamp: `0x${i.toString(16)}` as Hex,
        extraData: (i >= p.fork.at && p.fork.salt > 0n
          ? `0x${p.fork.salt.toString(16).padStart(2, '0')}`
          : '0x') as Hex,
        mixHash: zero32,
        nonce: '0x0000000000000000' as Hex,
      }
      header = { ...fields, hash: hashBlockHeader(fields) }
      parentHash = header.hash
    }
    return header as RangeBlock // reason: the loop ran at least once (n >= 0)
  }
  const byHash = (hash: Hex): RangeBlock | null => {
    for (let n = 0n; n <= 300n; n++) if (byNumber(n).hash === hash) return byNumber(n)
    return null
  }
  return { byNumber, byHash }
}
