import { DEFAULT_GAS_LIMIT, encodeMessage, MESSAGE_VERSION, messageId, type Message } from '@relaymesh/protocol'
import {
  buildReceiptsTrie,
  DISPATCH_TOPIC,
  encodeReceipt,
  type RpcBlockHeader,
  type RpcReceipt,
} from '@relaymesh/receipt-proof'
import { encodeAbiParameters, keccak256, numberToHex, pad, toHex, type Hex } from 'viem'

export type SyntheticLog = { address: Hex; topics: Hex[]; data: Hex }
export type SyntheticReceipt = RpcReceipt & { transactionHash: Hex; logs: SyntheticLog[] }
export type SyntheticBlock = {
  block: RpcBlockHeader & { hash: Hex; number: Hex; parentHash: Hex }
  receipts: SyntheticReceipt[]
}

/** The Outbox's `Dispatch` log for an encoded message, exactly as the contract emits it. */
export function dispatchLog(
  outbox: Hex,
  encoded: Uint8Array,
  message: Pick<Message, 'destination' | 'nonce'>,
): SyntheticLog {
  return {
    address: outbox,
    topics: [
      DISPATCH_TOPIC,
      messageId(encoded),
      pad(numberToHex(message.destination)),
      pad(numberToHex(message.nonce)),
    ],
    data: encodeAbiParameters([{ type: 'bytes' }], [toHex(encoded)]),
  }
}

/** A receipt holding the given logs (status 1, EIP-1559 type). */
export function syntheticReceipt(logs: SyntheticLog[], txIndex: number, salt = 0): SyntheticReceipt {
  return {
    type: '0x2',
    status: '0x1',
    cumulativeGasUsed: numberToHex(21_000 * (txIndex + 1)),
    logsBloom: `0x${'00'.repeat(256)}`,
    logs,
    transactionHash: keccak256(toHex(`tx:${salt}:${txIndex}`)),
  }
}

/**
 * A block whose header really commits to its receipts: the receiptsRoot is
 * the root of the receipts trie, and the hash is keccak(rlp(header)). Used by
 * the verifier tests and `bench:pipeline`.
 */
export function syntheticBlock(
  receipts: SyntheticReceipt[],
  number: bigint,
  parentHash: Hex,
  hashHeader: (h: RpcBlockHeader) => Hex,
): SyntheticBlock {
  const receiptsRoot = buildReceiptsTrie(receipts.map((r) => encodeReceipt(r))).root
  const zero32 = pad('0x00')
  const header: RpcBlockHeader & { number: Hex; parentHash: Hex } = {
    parentHash,
    sha3Uncles: '0x1dcc4de8dec75d7aab85b567b6ccd41ad312451b948a7413f0a142fd40d49347',
    miner: `0x${'00'.repeat(20)}`,
    stateRoot: zero32,
    transactionsRoot: zero32,
    receiptsRoot,
    logsBloom: `0x${'00'.repeat(256)}`,
    difficulty: '0x0',
    number: numberToHex(number),
    gasLimit: '0x1c9c380',
    gasUsed: '0x0',
    timestamp: numberToHex(1_700_000_000n + number),
    extraData: '0x',
    mixHash: zero32,
    nonce: '0x0000000000000000',
    baseFeePerGas: '0x1',
  }
  return { block: { ...header, hash: hashHeader(header) }, receipts }
}

/** `count` messages from `origin` to `destination`, one Dispatch per receipt, `perReceipt` logs each. */
export function syntheticMessages(p: {
  origin: number
  destination: number
  outbox: Hex
  count: number
  perReceipt?: number
  firstNonce?: bigint
  payloadBytes?: number
}) {
  const per = p.perReceipt ?? 1
  const receipts: SyntheticReceipt[] = []
  const ids: Hex[] = []
  for (let i = 0; i < p.count; i += per) {
    const logs: SyntheticLog[] = []
    for (let j = i; j < Math.min(p.count, i + per); j++) {
      const message: Message = {
        version: MESSAGE_VERSION,
        nonce: (p.firstNonce ?? 0n) + BigInt(j),
        origin: p.origin,
        sender: pad('0xabcdef'),
        destination: p.destination,
        recipient: pad('0x1234'),
        gasLimit: DEFAULT_GAS_LIMIT,
        payload: toHex(new Uint8Array(p.payloadBytes ?? 32).fill(j % 251)),
      }
      const encoded = encodeMessage(message)
      ids.push(messageId(encoded))
      logs.push(dispatchLog(p.outbox, encoded, message))
    }
    receipts.push(syntheticReceipt(logs, receipts.length, Number(p.firstNonce ?? 0n)))
  }
  return { receipts, ids }
}
