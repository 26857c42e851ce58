import { decodeBundleWire } from '../bundle/decodeBundleWire.js'
import { encodeBundleWire, type EncodeBundleWireParameters } from '../bundle/encodeBundleWire.js'

/**
 * A bundle part changed the way a lying or broken watcher would: decoded, edited in place, encoded again.
 * Byte fields are views into `bytes`: replace them rather than write into them.
 *
 * @example
 * const forged = editBundleWire(part.bytes, (w) => { w.blockHash = new Uint8Array(32) })
 */
export function editBundleWire(bytes: Uint8Array, edit: (wire: EncodeBundleWireParameters) => void): Uint8Array {
  const { messageCount: _count, ...wire } = decodeBundleWire(bytes)
  edit(wire)
  return encodeBundleWire(wire)
}
