import bs58 from 'bs58'
import type { Commitment } from './LedgerTypes.js'
import { LocalRpcError } from './LocalRpcError.js'

/** Loose JSON-RPC config object (the trailing `{ commitment, encoding, ... }`). */
export type RpcConfig = Record<string, unknown>

/** The config object at `params[index]`, or `{}`. */
export function configAt(params: readonly unknown[], index: number): RpcConfig {
  const value = params[index]
  // reason: checked to be a plain object
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as RpcConfig) : {}
}

/** The requested commitment; a node's default is `finalized`. Legacy names map as a node maps them. */
export function commitmentOf(config: RpcConfig, fallback: Commitment = 'finalized'): Commitment {
  const c = config.commitment
  if (c === undefined || c === null) return fallback
  if (c === 'processed' || c === 'recent' || c === 'single') return 'processed'
  if (c === 'confirmed' || c === 'singleGossip') return 'confirmed'
  if (c === 'finalized' || c === 'max' || c === 'root') return 'finalized'
  throw new LocalRpcError(-32602, `Invalid params: unknown commitment ${String(c)}`)
}

export function stringAt(params: readonly unknown[], index: number, name: string): string {
  const value = params[index]
  if (typeof value !== 'string') throw new LocalRpcError(-32602, `Invalid params: ${name} must be a string`)
  return value
}

export function integerAt(params: readonly unknown[], index: number, name: string): number {
  const value = params[index]
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0)
    throw new LocalRpcError(-32602, `Invalid params: ${name} must be a non-negative integer`)
  return value
}

/** Decodes a base58 or base64 transaction parameter. */
export function wireBytes(data: string, encoding: unknown): Uint8Array {
  if (encoding === 'base64') return new Uint8Array(Buffer.from(data, 'base64'))
  if (encoding === undefined || encoding === null || encoding === 'base58') {
    try {
      return bs58.decode(data)
    } catch {
      throw new LocalRpcError(-32602, 'Invalid params: transaction is not base58')
    }
  }
  throw new LocalRpcError(-32602, `Invalid params: unsupported encoding ${String(encoding)}`)
}

/** `{ context, value }` as every "with context" method answers. */
export function withContext(slot: number, value: unknown) {
  return { context: { apiVersion: '2.1.0', slot }, value }
}
