import { hexToBytes, type Hex } from '@relaymesh/protocol'
import { ApiError } from './ApiError.js'

const HEX_32 = /^0x[0-9a-fA-F]{64}$/
const HEX_32_OR_64 = /^0x(?:[0-9a-fA-F]{64}|[0-9a-fA-F]{128})$/
const DECIMAL = /^(?:0|[1-9][0-9]{0,19})$/
const MAX_UINT32 = 0xffffffffn
const MAX_UINT64 = (1n << 64n) - 1n

/**
 * A message id from a path segment: 32 bytes of `0x` hex, either case.
 *
 * @throws {ApiError} `INVALID_ID`
 * @example
 * parseMessageId('0x1c8a…eac8') // Uint8Array(32)
 */
export function parseMessageId(raw: string): Uint8Array {
  if (!HEX_32.test(raw))
    throw new ApiError('INVALID_ID', 'a message id is 32 bytes of 0x hex', { meta: { length: raw.length } })
  return hexToBytes(raw as Hex) // reason: checked by HEX_32
}

/**
 * A source transaction hash from the query: 32 bytes (EVM) or a 64-byte Solana signature.
 *
 * @throws {ApiError} `INVALID_QUERY` when missing, `INVALID_SOURCE_TX` when malformed
 * @example
 * parseSourceTx(new URLSearchParams('sourceTx=0xab…'))
 */
export function parseSourceTx(query: URLSearchParams): Uint8Array {
  const raw = query.get('sourceTx')
  if (raw === null) throw new ApiError('INVALID_QUERY', 'the sourceTx query parameter is required')
  if (!HEX_32_OR_64.test(raw)) throw new ApiError('INVALID_SOURCE_TX', 'sourceTx is 32 or 64 bytes of 0x hex')
  return hexToBytes(raw as Hex) // reason: checked by HEX_32_OR_64
}

/**
 * A batch key from path segments: a uint32 destination and a uint64 index, in decimal.
 *
 * @throws {ApiError} `INVALID_BATCH_KEY`
 * @example
 * parseBatchKey('56', '7') // { destination: 56, batchIndex: 7n }
 */
export function parseBatchKey(rawDestination: string, rawIndex: string): { destination: number; batchIndex: bigint } {
  const destination = DECIMAL.test(rawDestination) ? BigInt(rawDestination) : -1n
  const batchIndex = DECIMAL.test(rawIndex) ? BigInt(rawIndex) : -1n
  if (destination < 0n || destination > MAX_UINT32 || batchIndex < 0n || batchIndex > MAX_UINT64)
    throw new ApiError('INVALID_BATCH_KEY', 'a batch is /v1/batches/<uint32 destination>/<uint64 index>, in decimal')
  return { destination: Number(destination), batchIndex }
}
