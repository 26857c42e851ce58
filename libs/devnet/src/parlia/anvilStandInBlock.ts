import type { Hex } from '@relaymesh/protocol'

const ROOT = `0x${'00'.repeat(32)}` as Hex
const hex = (n: bigint) => `0x${n.toString(16)}` as Hex
const word = (n: bigint) => `0x${n.toString(16).padStart(64, '0')}` as Hex

/**
 * A stand-in for anvil block `n` (tests of the devnet Parlia chain): only its execution fields and hashes matter
 * to the signer.
 *
 * @example
 * for (let n = 0n; n <= 100n; n++) chain.extend(anvilStandInBlock(n))
 */
export const anvilStandInBlock = (n: bigint) => ({
  number: hex(n),
  stateRoot: ROOT,
  transactionsRoot: ROOT,
  receiptsRoot: word(n + 1n),
  logsBloom: `0x${'00'.repeat(256)}` as Hex,
  gasLimit: hex(30_000_000n),
  gasUsed: hex(0n),
  timestamp: hex(1_700_000_000n + n),
  hash: word(n + 1_000n),
  parentHash: word(n + 999n),
})
