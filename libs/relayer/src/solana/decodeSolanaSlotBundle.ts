import { decodeSlotCommitment } from '@relaymesh/solana'
import bs58 from 'bs58'
import { decodeSolanaSlotWire } from '../bundle/decodeSolanaSlotWire.js'
import type { SolanaSlotBundle } from './SolanaSlotBundle.js'

/**
 * A slot bundle from its binary wire form, in the forms the Solana libraries take (the inverse of
 * `encodeSolanaSlotBundle`).
 *
 * @throws RelayerError `BUNDLE_MALFORMED`: not a well-formed Solana slot part.
 * @throws SolanaSourceError `COMMITMENT_INVALID`: the commitment bytes are not a slot commitment.
 * @example
 * const bundle = decodeSolanaSlotBundle(msg.data)
 */
export function decodeSolanaSlotBundle(bytes: Uint8Array): SolanaSlotBundle {
  const wire = decodeSolanaSlotWire(bytes)
  return {
    origin: wire.origin,
    slot: Number(wire.blockNumber),
    blockhash: bs58.encode(wire.blockHash),
    observedAt: wire.observedAt,
    blockTime: wire.blockTime,
    transactions: wire.transactions.map((t) => ({
      signature: bs58.encode(t.signature),
      err: t.err,
      wire: Buffer.from(t.wire).toString('base64'),
    })),
    commitment: decodeSlotCommitment(wire.commitment),
    signatures: wire.signatures.map((s) => ({ signer: bs58.encode(s.signer), signature: s.signature })),
    claims: wire.claims,
  }
}
