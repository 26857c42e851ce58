/** Test-only mutations of real BSC headers (re-encoded extraData, optional re-seal with another key). */
import { secp256k1 } from '@noble/curves/secp256k1'
import type { RpcBlockHeader } from '@relaymesh/receipt-proof'
import { bytesToHex, hexToBytesOrThrow } from '../bytes.js'
import { encodeParliaExtraData } from '../encodeParliaExtraData.js'
import { parseParliaExtraData } from '../parseParliaExtraData.js'
import type { ParliaExtraData } from '../ParliaExtraData.js'
import { parliaSealHash } from '../parliaSealHash.js'

export function extraOf(header: RpcBlockHeader, epochBlock = false): ParliaExtraData {
  return parseParliaExtraData(hexToBytesOrThrow(header.extraData, 'extra', 'PARLIA_INVALID_EXTRA_DATA'), { epochBlock })
}

/** The header with its extraData rebuilt from `change(parsed)` (the old seal is kept). */
export function withExtra(
  header: RpcBlockHeader,
  change: (extra: ParliaExtraData) => ParliaExtraData,
  epochBlock = false,
): RpcBlockHeader {
  return { ...header, extraData: bytesToHex(encodeParliaExtraData(change(extraOf(header, epochBlock)))) }
}

/** The header sealed by `key` over the seal hash with `chainId` (miner left as given). */
export function resealed(header: RpcBlockHeader, key: Uint8Array, chainId: bigint, epochBlock = false): RpcBlockHeader {
  const signature = secp256k1.sign(parliaSealHash(header, chainId), key)
  const seal = new Uint8Array([...signature.toCompactRawBytes(), signature.recovery])
  return withExtra(header, (extra) => ({ ...extra, seal }), epochBlock)
}

/** The address of a secp256k1 private key, as Parlia's `miner`. */
export { secp256k1 }
