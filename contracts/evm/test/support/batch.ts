/**
 * Test-side model of the wire protocol (PROTOCOL.md), written directly on viem so the contract
 * tests do not depend on `@relaymesh/protocol`; the parity test compares that package with the
 * contracts separately.
 */
import { concat, encodePacked, keccak256, pad, size, toHex, type Address, type Hex, type LocalAccount } from 'viem'

export type TestMessage = {
  nonce: bigint
  origin: number
  sender: Hex
  destination: number
  recipient: Hex
  /** Gas the inbox calls the recipient with; default 200,000 (`Message.DEFAULT_GAS_LIMIT`). */
  gasLimit?: number
  payload: Hex
}

/** PROTOCOL.md "Message": `Outbox.dispatch` without a gas limit gives 200,000. */
export const defaultGasLimit = 200_000

export type BatchHeader = {
  destination: number
  batchIndex: bigint
  root: Hex
  messageCount: number
  previousBatchHash: Hex
}

/** Origin domain of test messages unless a test picks another (PROTOCOL.md: the Ethereum stand-in). */
export const testOrigin = 31337

export const zeroHash: Hex = `0x${'0'.repeat(64)}`

export function encodeMessage(m: TestMessage): Hex {
  // Lower-case: encodePacked keeps a checksummed address's case, RPC logs are lower-case.
  return encodePacked(
    ['uint8', 'uint64', 'uint32', 'bytes32', 'uint32', 'bytes32', 'uint32', 'bytes'],
    [2, m.nonce, m.origin, m.sender, m.destination, m.recipient, m.gasLimit ?? defaultGasLimit, m.payload],
  ).toLowerCase() as Hex // reason: lower-casing keeps it hex
}

/** `count` messages to `recipient` on `destination`, with distinct nonces and fixed-size payloads. */
export function makeMessages(
  count: number,
  options: {
    destination: number
    recipient: Address
    payloadBytes?: number
    firstNonce?: bigint
    origin?: number
    payloadOf?: (i: number) => Hex
    gasLimit?: number
    /** Nonce of message `i`; default `firstNonce + i`. */
    nonceOf?: (i: number) => bigint
  },
): Hex[] {
  const size = options.payloadBytes ?? 32
  return Array.from({ length: count }, (_, i) => {
    const nonce = options.nonceOf?.(i) ?? (options.firstNonce ?? 0n) + BigInt(i)
    const payload =
      options.payloadOf?.(i) ??
      (size === 0 ? '0x' : pad(`0x${(i + 1).toString(16).padStart(2, '0')}`, { size, dir: 'left' }))
    return encodeMessage({
      nonce,
      origin: options.origin ?? testOrigin,
      sender: pad('0x00000000000000000000000000000000000000aa'),
      destination: options.destination,
      recipient: pad(options.recipient),
      gasLimit: options.gasLimit ?? defaultGasLimit,
      payload,
    })
  })
}

/** PROTOCOL.md "One-shot settlement": the messages of `submitAndExecute`, each as a 3-byte length, then its bytes. */
export function packMessages(messages: readonly Hex[]): Hex {
  return concat(messages.flatMap((m) => [toHex(size(m), { size: 3 }), m]))
}

function hashPair(left: Hex, right: Hex): Hex {
  return keccak256(concat([left, right]))
}

/** All layers of the zero-padded tree, leaves first (PROTOCOL.md "Batch Merkle tree"). */
export function merkleLayers(leaves: readonly Hex[]): Hex[][] {
  let depth = 0
  while (1 << depth < leaves.length) depth++
  const layers: Hex[][] = [[...leaves, ...Array<Hex>((1 << depth) - leaves.length).fill(zeroHash)]]
  for (let level = 0; level < depth; level++) {
    const below = layers[level]!
    layers.push(Array.from({ length: below.length / 2 }, (_, i) => hashPair(below[2 * i]!, below[2 * i + 1]!)))
  }
  return layers
}

export function merkleRoot(leaves: readonly Hex[]): Hex {
  return merkleLayers(leaves).at(-1)![0]!
}

/** Multiproof for ascending `indices`: missing siblings level by level, ascending within a level. */
export function multiproof(leaves: readonly Hex[], indices: readonly number[]): Hex[] {
  const layers = merkleLayers(leaves)
  const proof: Hex[] = []
  let known = [...indices]
  for (let level = 0; level < layers.length - 1; level++) {
    const next: number[] = []
    for (let k = 0; k < known.length; k++) {
      const i = known[k]!
      if (known[k + 1] === (i ^ 1)) k++
      else proof.push(layers[level]![i ^ 1]!)
      if (next.at(-1) !== i >> 1) next.push(i >> 1)
    }
    known = next
  }
  return proof
}

export const batchHeaderTypes = {
  BatchHeader: [
    { name: 'destination', type: 'uint32' },
    { name: 'batchIndex', type: 'uint64' },
    { name: 'root', type: 'bytes32' },
    { name: 'messageCount', type: 'uint32' },
    { name: 'previousBatchHash', type: 'bytes32' },
  ],
} as const

/** Signatures of `signers` over the header's EIP-712 digest, in ascending signer order (PROTOCOL.md). */
export async function signBatch(
  header: BatchHeader,
  signers: readonly LocalAccount[],
  domain: { chainId: number; verifyingContract: Address },
  options: { sort?: boolean } = {},
): Promise<Hex[]> {
  const ordered = options.sort === false ? [...signers] : sortByAddress(signers)
  return Promise.all(
    ordered.map((signer) =>
      signer.signTypedData({
        domain: { name: 'relaymesh', version: '1', ...domain },
        types: batchHeaderTypes,
        primaryType: 'BatchHeader',
        message: header,
      }),
    ),
  )
}

export function sortByAddress<T extends { address: Address }>(accounts: readonly T[]): T[] {
  return [...accounts].sort((a, b) => (BigInt(a.address) < BigInt(b.address) ? -1 : 1))
}
