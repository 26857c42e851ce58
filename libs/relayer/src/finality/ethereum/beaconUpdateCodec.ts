import { createJsonCodec } from '@relaymesh/bus'
import { z } from 'zod'

/**
 * One light-client object on `catalogue.subjects.finality(origin)`, as the
 * beacon API served it (`{ version, data }`): the feeder forwards it
 * untouched and the verifier decodes and verifies it.
 */
export const beaconUpdateMessageSchema = z.object({
  origin: z.number().int().positive(),
  kind: z.enum(['update', 'finality_update']),
  version: z.string(),
  data: z.record(z.string(), z.unknown()),
})

export type BeaconUpdateMessage = z.infer<typeof beaconUpdateMessageSchema>

export const beaconUpdateCodec = createJsonCodec<BeaconUpdateMessage>({
  contentType: 'application/vnd.relaymesh.beacon-light-client+json;v=1',
  parse: (raw) => beaconUpdateMessageSchema.parse(raw),
})

type SlotsOf = {
  attested_header?: { beacon?: { slot?: string } }
  finalized_header?: { beacon?: { slot?: string } }
  signature_slot?: string
}

/** JetStream msg id: the same update re-served by the beacon API is published once. */
export function beaconUpdateMsgId(m: BeaconUpdateMessage): string {
  const d = m.data as SlotsOf // reason: beacon-API JSON field names; missing fields only weaken dedup
  return (
    `${m.origin}:${m.kind}:${d.attested_header?.beacon?.slot}:` +
    `${d.finalized_header?.beacon?.slot}:${d.signature_slot}`
  )
}
