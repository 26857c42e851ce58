import { createJsonCodec } from '@relaymesh/bus'
import { z } from 'zod'

/**
 * A run of consecutive BSC headers (RLP, hex), oldest first: the watcher's finality proof for the Parlia light client.
 */
export type ParliaHeaderRun = { origin: number; from: number; headers: `0x${string}`[] }

const runSchema = z.object({
  origin: z.number().int().positive(),
  from: z.number().int().min(0),
  headers: z
    .array(
      z
        .string()
        .regex(/^0x[0-9a-fA-F]+$/)
        // reason: regex checked the 0x hex shape
        .transform((h) => h as `0x${string}`),
    )
    .min(1),
})

/** Bus codec of {@link ParliaHeaderRun}s on `catalogue.subjects.finality(origin)`. */
export const parliaHeadersCodec = createJsonCodec<ParliaHeaderRun>({
  contentType: 'application/vnd.relaymesh.parlia-headers+json;v=1',
  parse: (raw) => runSchema.parse(raw),
})
