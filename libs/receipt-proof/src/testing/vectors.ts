/**
 * Test-only loaders for the shared external vectors (/work/shared/vectors,
 * README there). Not exported from the package.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { RpcBlockHeader } from '../BlockHeader.js'
import type { Hex } from '../hex.js'
import type { RpcReceipt } from '../Receipt.js'

const VECTORS = '/work/shared/vectors'

function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(join(VECTORS, path), 'utf8')) as T // reason: test vectors of known shape
}

export type MainnetBlock = RpcBlockHeader & { hash: Hex; receiptsRoot: Hex; transactions: { hash: Hex }[] }

/** Mainnet block 21925176 (Cancun) and its 202 receipts. */
export function loadMainnetBlock(): {
  block: MainnetBlock
  receipts: (RpcReceipt & { transactionIndex: Hex; transactionHash: Hex })[]
} {
  const dir = 'eth-block-receipts/mainnet-21925176-helios'
  return { block: readJson(join(dir, 'block.json')), receipts: readJson(join(dir, 'receipts.json')) }
}

export type BscManifestEntry = {
  network: string
  file: string
  computed_hash: Hex
  child_parentHash_matches: boolean | null
}

/** Every BSC header of the manifest, by block number, with its manifest entry. */
export function loadBscHeaders(): { number: number; entry: BscManifestEntry; header: RpcBlockHeader }[] {
  const manifest = readJson<{ headers: Record<string, BscManifestEntry> }>('bsc/manifest.json')
  return Object.entries(manifest.headers).map(([number, entry]) => ({
    number: Number(number),
    entry,
    header: readJson<RpcBlockHeader>(join('bsc', entry.file)),
  }))
}
