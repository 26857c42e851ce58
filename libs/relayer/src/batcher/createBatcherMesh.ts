import { publish, type Bus, type BusCatalogue } from '@relaymesh/bus'
import { batchSignatureCodec } from './batchSignatureCodec.js'
import { signatureMsgId } from './signatureMsgId.js'
import type { BatcherMesh } from './BatcherMesh.js'
import { publishProposal } from './sealNextBatch.js'

/**
 * The batcher's mesh on the relayer's NATS connection.
 *
 * @example
 * const mesh = createBatcherMesh(ctx.bus, ctx.catalogue)
 */
export function createBatcherMesh(bus: Bus, catalogue: BusCatalogue): BatcherMesh {
  return {
    maxPayload: bus.maxPayload,
    publishProposal: (proposal) => publishProposal({ bus, catalogue }, proposal),
    publishSignature: async (signature, proposal) => {
      await publish(bus, catalogue.subjects.signatures(String(signature.destination)), signature, {
        codec: batchSignatureCodec,
        msgId: signatureMsgId(signature, proposal),
      })
    },
  }
}
