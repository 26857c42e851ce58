/**
 * Test and bench helpers: deterministic synthetic receipts in
 * `eth_getBlockReceipts` shape, and the ABI encoding of a Dispatch event.
 */
import { bytesToHex, type Hex } from '../hex.js'
import type { RpcLog, RpcReceipt } from '../Receipt.js'

const word = (n: number | bigint): string => BigInt(n).toString(16).padStart(64, '0')

/** A hex string of `bytes` bytes derived from `seed` (not random: tests must be deterministic). */
export function filler(seed: number, bytes: number): Hex {
  let out = '0x'
  for (let i = 0; i < bytes; i++) out += ((seed * 31 + i * 17) & 0xff).toString(16).padStart(2, '0')
  return out as Hex // reason: built with the 0x prefix
}

/** Receipt i of a synthetic block: types cycle 0..4, one or two logs, every tenth one failed. */
export function syntheticReceipt(i: number, extraLogs: readonly RpcLog[] = []): RpcReceipt {
  return {
    type: `0x${(i % 5).toString(16)}`,
    status: i % 10 === 9 ? '0x0' : '0x1',
    cumulativeGasUsed: `0x${(21_000 * (i + 1)).toString(16)}`,
    logsBloom: filler(i, 256),
    logs: [
      {
        address: filler(i + 1, 20),
        topics: [filler(i + 2, 32), filler(i + 3, 32)],
        data: filler(i + 4, 64 + (i % 3) * 32),
      },
      ...(i % 2 === 0 ? [{ address: filler(i + 5, 20), topics: [], data: '0x' as Hex }] : []),
      ...extraLogs,
    ],
  }
}

/** ABI encoding of a single `bytes` argument, as Solidity emits it for the Dispatch event's data. */
export function abiEncodeBytes(message: Uint8Array): Uint8Array {
  const padded = Math.ceil(message.length / 32) * 32
  const out = new Uint8Array(64 + padded)
  out.set(Buffer.from(word(32) + word(message.length), 'hex'))
  out.set(message, 64)
  return out
}

/** A Dispatch log (topics id, destination, nonce) emitted by `address`. */
export function dispatchLog(
  address: Hex,
  topic0: Hex,
  fields: { id: Hex; destination: number; nonce: bigint; message: Uint8Array },
): RpcLog {
  return {
    address,
    topics: [topic0, fields.id, `0x${word(fields.destination)}`, `0x${word(fields.nonce)}`],
    data: bytesToHex(abiEncodeBytes(fields.message)),
  }
}
