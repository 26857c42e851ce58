// Test-only: a settlement receipt signed with real dev keys, for the verifier's unit tests.
import { devAccounts, type DevAccount } from '@relaymesh/localchain'
import { addressToBytes32, createMerkleTree, decodeMessage, encodeMessageHex, keccak256 } from '@relaymesh/protocol'
import { bytesToHex, type Address, type Hex } from 'viem'
import type { BatchHeaderView } from '../ApiTypes.js'
import { batchHeaderTypedData, hashBatchHeader } from '../receipt/batchHeaderTypedData.js'
import type { SettlementReceipt, TrustedRelayerSet } from '../receipt/SettlementReceipt.js'

// reason: five asked for
const [, r1, r2, r3, outsider] = devAccounts(5) as [DevAccount, DevAccount, DevAccount, DevAccount, DevAccount]
export const relayers = { r1, r2, r3, outsider }

export const INBOX: Address = '0x5FbDB2315678afecb367f032d93F642f64180aa3'
export const DESTINATION = 31356
export const LEAF_INDEX = 3
const fakeHash = (tag: string): Hex => bytesToHex(keccak256(new TextEncoder().encode(tag)))

export const trusted: TrustedRelayerSet = {
  relayers: [r1.address, r2.address, r3.address],
  threshold: 2,
  inbox: INBOX,
  chainId: DESTINATION,
}

/** Signs `header` on the test inbox's EIP-712 domain, as `submitBatch` takes it. */
export async function signHeader(
  account: DevAccount,
  header: BatchHeaderView,
  domain = { chainId: DESTINATION, inbox: INBOX },
) {
  return { signer: account.address, signature: await account.signTypedData(batchHeaderTypedData(header, domain)) }
}

/**
 * A valid receipt: message nonce 7 from 31337 to 31356 at leaf 3 of a 5-leaf
 * batch 4, signed by `signers` (default r1 and r2, ascending).
 */
export async function buildTestReceipt(signers: DevAccount[] = [r1, r2]): Promise<SettlementReceipt> {
  const encoded = encodeTestMessage()
  const id = bytesToHex(keccak256(Buffer.from(encoded.slice(2), 'hex')))
  const leaves = [fakeHash('a'), fakeHash('b'), fakeHash('c'), id, fakeHash('e')]
  const tree = createMerkleTree(leaves)
  const header: BatchHeaderView = {
    destination: DESTINATION,
    batchIndex: '4',
    root: tree.root,
    messageCount: 5,
    previousBatchHash: fakeHash('batch 3'),
  }
  const batchHash = hashBatchHeader(header)
  const signatures = await signInAscendingOrder(signers, header)
  const decoded = decodeMessage(encoded)
  return {
    version: 2,
    id,
    message: { encoded, decoded: { ...decoded, nonce: decoded.nonce.toString() } },
    source: {
      verification: 'confirmations',
      blockNumber: '120',
      blockHash: fakeHash('source block'),
      txHash: fakeHash('source tx'),
      logIndex: 2,
    },
    batch: { header, batchHash, signatures },
    proof: { leafIndex: LEAF_INDEX, count: 5, siblings: tree.proof(LEAF_INDEX) },
    settlement: {
      txHash: fakeHash('submit tx'),
      blockNumber: '300',
      blockHash: fakeHash('submit block'),
      inbox: INBOX,
      batchIndex: '4',
      batchHash,
      root: tree.root,
      messageCount: 5,
    },
    execution: {
      txHash: fakeHash('execute tx'),
      blockNumber: '301',
      blockHash: fakeHash('execute block'),
      logIndex: 0,
      inbox: INBOX,
      id,
    },
  }
}

/** Message nonce 7 from 31337 to 31356, alice to bob, "hello relaymesh". */
function encodeTestMessage(): Hex {
  return encodeMessageHex({
    version: 2,
    nonce: 7n,
    origin: 31337,
    sender: addressToBytes32('0x00000000000000000000000000000000000a11ce'),
    destination: DESTINATION,
    recipient: addressToBytes32('0x0000000000000000000000000000000000000b0b'),
    gasLimit: 250_000,
    payload: '0x68656c6c6f2072656c61796d657368',
  })
}

/** Each signer's signature over `header`, ordered by signer address as `submitBatch` takes them. */
function signInAscendingOrder(signers: readonly DevAccount[], header: BatchHeaderView) {
  return Promise.all(
    [...signers]
      .sort((a, b) => (a.address.toLowerCase() < b.address.toLowerCase() ? -1 : 1))
      .map((s) => signHeader(s, header)),
  )
}

/** The leaf fields of a JSON value as dotted paths (array indices included). */
export function leafPaths(value: unknown, prefix = ''): string[] {
  if (value === null || typeof value !== 'object') return [prefix]
  return Object.entries(value).flatMap(([key, child]) => leafPaths(child, prefix ? `${prefix}.${key}` : key))
}

/** A deep copy of `receipt` with the leaf at `path` replaced by `mutate(old)`. */
export function withField(
  receipt: SettlementReceipt,
  path: string,
  mutate: (old: unknown) => unknown,
): SettlementReceipt {
  const copy = structuredClone(receipt)
  const keys = path.split('.')
  const last = keys.pop() as string // reason: a path has at least one key
  const parent = keys.reduce<Record<string, unknown>>(
    // reason: walking plain JSON
    (node, key) => node[key] as Record<string, unknown>,
    copy as unknown as Record<string, unknown>,
  )
  parent[last] = mutate(parent[last])
  return copy
}

/** Changes a value to another value of the same form: a hex nibble flipped, a number or decimal + 1. */
export function tweak(value: unknown): unknown {
  if (typeof value === 'number') return value + 1
  if (typeof value === 'string' && /^(?:0|[1-9][0-9]*)$/.test(value)) return (BigInt(value) + 1n).toString()
  if (typeof value === 'string' && value.startsWith('0x') && value.length > 12) {
    const i = 10 // a nibble inside r of a signature, inside any hash or address
    return `${value.slice(0, i)}${value[i] === '0' ? '1' : '0'}${value.slice(i + 1)}`
  }
  if (value === 'confirmations') return 'light-client'
  throw new Error(`no tweak for ${String(value)}`)
}
