import { z } from 'zod'

/**
 * `finality: { kind: 'parlia', ... }` for a BSC source: the verifier proves
 * finality with the Parlia light client (BEP-126 fast finality) over headers
 * the watcher publishes; epoch length and trusted epoch blocks come from
 * config, never from code.
 */
export const parliaFinalitySchema = z.object({
  kind: z.literal('parlia'),
  /** Signed into every seal: 56 mainnet, 97 Chapel, the anvil's id on the devnet. */
  chainId: z.number().int().positive(),
  /** Parlia `Epoch` from the chain config (1000 on mainnet since Maxwell). */
  epochLength: z.number().int().positive(),
  /** Epoch blocks whose validator sets the light client trusts (number and full extraData, checked out of band). */
  trustedEpochs: z
    .array(z.object({ number: z.number().int().min(0), extraData: z.string().regex(/^0x[0-9a-fA-F]*$/) }))
    .min(1),
  /** First header the watcher publishes (verifiable from the trusted epochs). */
  feedFrom: z.number().int().min(0),
  /** Headers per finality message. */
  headersPerMessage: z.number().int().positive().max(1024).default(64),
})

export type ParliaFinalityConfig = z.infer<typeof parliaFinalitySchema>
