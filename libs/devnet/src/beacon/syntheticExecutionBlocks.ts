import { keccak256, toHex, type Hex } from 'viem'
import type { ExecutionBlock } from './createBeaconChainModel.js'

/** Test and bench input: a parent-linked execution chain of `count` blocks (numbers from 0). */
export function syntheticExecutionBlocks(count: number): ExecutionBlock[] {
  const blocks: ExecutionBlock[] = []
  let parentHash: Hex = `0x${'00'.repeat(32)}`
  for (let n = 0; n < count; n++) {
    const hash = keccak256(toHex(`block-${n}`))
    blocks.push({
      number: BigInt(n),
      hash,
      parentHash,
      stateRoot: keccak256(toHex(`state-${n}`)),
      receiptsRoot: keccak256(toHex(`receipts-${n}`)),
      logsBloom: `0x${'00'.repeat(256)}`,
      miner: `0x${'11'.repeat(20)}`,
      mixHash: `0x${'22'.repeat(32)}`,
      timestamp: BigInt(1_700_000_000 + n),
      gasLimit: 30_000_000n,
      gasUsed: 21_000n,
      baseFeePerGas: 7n,
      extraData: '0x',
    })
    parentHash = hash
  }
  return blocks
}
