import { encodeSlotCommitment } from '@relaymesh/solana'
import bs58 from 'bs58'
import { encodeSolanaSlotWire } from '../bundle/encodeSolanaSlotWire.js'
import type { SolanaSlotBundle } from './SolanaSlotBundle.js'

/**
 * A slot bundle in the binary bundle wire form (`BundleWire.ts`, source 1): base58 keys and signatures and base64
 * transactions as their raw bytes, the commitment as the exact bytes its members signed.
 *
 * @example
 * await publish(bus, catalogue.subjects.bundles(String(bundle.origin)), encodeSolanaSlotBundle(bundle), {
 *   codec: encodedBundleCodec,
 * })
 */
export function encodeSolanaSlotBundle(bundle: SolanaSlotBundle): Uint8Array {
  return encodeSolanaSlotWire({
    origin: bundle.origin,
    blockNumber: BigInt(bundle.slot),
    blockHash: bs58.decode(bundle.blockhash),
    observedAt: bundle.observedAt,
    blockTime: bundle.blockTime,
    commitment: encodeSlotCommitment(bundle.commitment),
    signatures: bundle.signatures.map((s) => ({ signer: bs58.decode(s.signer), signature: s.signature })),
    transactions: bundle.transactions.map((t) => ({
      signature: bs58.decode(t.signature),
      err: t.err,
      wire: Buffer.from(t.wire, 'base64'),
    })),
    claims: bundle.claims,
  })
}
