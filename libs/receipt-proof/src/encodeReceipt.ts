import { encodeRlp, type RlpItem } from './encodeRlp.js'
import { hexToBytes, quantityToBytes, type HexContext } from './hex.js'
import { RECEIPT_TYPES, type RpcLog, type RpcReceipt } from './Receipt.js'
import { ReceiptProofError } from './ReceiptProofError.js'

export type EncodeReceiptParameters = RpcReceipt

const at = (field: string): HexContext => ({ field: `receipt.${field}`, code: 'RECEIPT_INVALID' })

function receiptType(receipt: RpcReceipt): number {
  if (receipt.type === undefined) return 0
  const bytes = quantityToBytes(receipt.type, at('type'))
  const type = bytes.length === 0 ? 0 : bytes.length === 1 ? (bytes[0] as number) : -1 // reason: length checked
  if (type !== 0 && !RECEIPT_TYPES.includes(type)) {
    throw new ReceiptProofError(`Unsupported receipt type ${receipt.type}`, {
      code: 'RECEIPT_INVALID',
      meta: { type: receipt.type },
    })
  }
  return type
}

/** EIP-658: status (empty for 0, 0x01 for 1) after Byzantium, the 32-byte state root before. */
function statusOrRoot(receipt: RpcReceipt): Uint8Array {
  if (receipt.status !== undefined && receipt.status !== null) {
    const status = quantityToBytes(receipt.status, at('status'))
    if (status.length > 1 || (status.length === 1 && status[0] !== 1)) {
      throw new ReceiptProofError(`Invalid receipt status ${receipt.status}`, {
        code: 'RECEIPT_INVALID',
        meta: { status: receipt.status },
      })
    }
    return status
  }
  if (receipt.root !== undefined && receipt.root !== null) return hexToBytes(receipt.root, at('root'), 32)
  throw new ReceiptProofError('Invalid receipt: neither status nor root', { code: 'RECEIPT_INVALID' })
}

function logItem(log: RpcLog, i: number): RlpItem {
  if (!Array.isArray(log.topics) || log.topics.length > 4) {
    throw new ReceiptProofError(`Invalid receipt: log ${i} topics`, { code: 'RECEIPT_INVALID', meta: { logIndex: i } })
  }
  return [
    hexToBytes(log.address, at(`logs[${i}].address`), 20),
    log.topics.map((topic, t) => hexToBytes(topic, at(`logs[${i}].topics[${t}]`), 32)),
    hexToBytes(log.data, at(`logs[${i}].data`)),
  ]
}

/**
 * Encodes a JSON-RPC receipt to its consensus bytes, the value stored in the
 * receipts trie (EIP-2718): `rlp([status, cumulativeGasUsed, logsBloom, logs])`
 * for legacy receipts, `type ++ rlp([...])` for types 0x1 to 0x4.
 *
 * @example
 * const receipts = await client.request({ method: 'eth_getBlockReceipts', params: [blockHash] })
 * const trie = buildReceiptsTrie(receipts.map((r) => encodeReceipt(r)))
 */
export function encodeReceipt(receipt: EncodeReceiptParameters): Uint8Array {
  if (typeof receipt !== 'object' || receipt === null || !Array.isArray(receipt.logs)) {
    throw new ReceiptProofError('Invalid receipt: not an object with logs', { code: 'RECEIPT_INVALID' })
  }
  const type = receiptType(receipt)
  const body = encodeRlp([
    statusOrRoot(receipt),
    quantityToBytes(receipt.cumulativeGasUsed, at('cumulativeGasUsed')),
    hexToBytes(receipt.logsBloom, at('logsBloom'), 256),
    receipt.logs.map(logItem),
  ])
  if (type === 0) return body
  const out = new Uint8Array(body.length + 1)
  out[0] = type
  out.set(body, 1)
  return out
}
