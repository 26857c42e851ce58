/**
 * Test-only loaders for the shared BSC vectors (shared/vectors/bsc, README
 * "bsc/"): real mainnet and Chapel headers and epoch extraData, from
 * unionlabs/union's Parlia verifier tests.
 */
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { Hex } from '@relaymesh/protocol'
import type { RpcBlockHeader } from '@relaymesh/receipt-proof'

const BSC = fileURLToPath(new URL('../../../../../../shared/vectors/bsc/', import.meta.url))

type ManifestHeader = { network: 'bsc-mainnet' | 'bsc-chapel'; file: string; computed_hash: Hex }
type ManifestEpoch = { network: string; file: string }
export type BscVectorCase = {
  union_test: string
  network: string
  headers_in_test_order: number[]
  signing_valset_epoch_block: number
}
type Manifest = {
  headers: Record<string, ManifestHeader>
  epoch_extraData: Record<string, ManifestEpoch>
  cases: BscVectorCase[]
}

// reason: the manifest's documented shape
export const bscManifest = JSON.parse(readFileSync(`${BSC}manifest.json`, 'utf8')) as Manifest

/** The RPC JSON of a vector header. */
export function bscHeader(number: number | bigint): RpcBlockHeader {
  const entry = bscManifest.headers[String(number)]
  if (entry === undefined) throw new Error(`no BSC vector header ${number}`)
  return JSON.parse(readFileSync(`${BSC}${entry.file}`, 'utf8')) as RpcBlockHeader // reason: eth_getBlockByNumber JSON
}

/** The expected keccak(rlp) of a vector header. */
export function bscHeaderHash(number: number | bigint): Hex {
  const entry = bscManifest.headers[String(number)]
  if (entry === undefined) throw new Error(`no BSC vector header ${number}`)
  return entry.computed_hash
}

/** Chain id of the network a vector block belongs to. */
export function bscChainId(number: number | bigint): bigint {
  return bscManifest.headers[String(number)]?.network === 'bsc-chapel' ? 97n : 56n
}

/** Full extraData of a vector epoch block. */
export function bscEpochExtraData(number: number | bigint): Hex {
  const entry = bscManifest.epoch_extraData[String(number)]
  if (entry === undefined) throw new Error(`no BSC vector epoch extraData ${number}`)
  const text = readFileSync(`${BSC}${entry.file}`, 'utf8').trim()
  return (text.startsWith('0x') ? text : `0x${text}`) as Hex // reason: hex text with or without prefix
}
