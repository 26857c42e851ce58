import { createJsonCodec, type BusCodec } from '@relaymesh/bus'
import { getAddress, type Hex } from 'viem'
import { z } from 'zod'
import type { BatchSignature } from './BatchSignature.js'

// reason: the regex proves the template type
const hex32 = z.string().regex(/^0x[0-9a-f]{64}$/, 'expected 32 bytes of lower-case hex') as z.ZodType<Hex>
// reason: as above
const signatureHex = z.string().regex(/^0x[0-9a-fA-F]{130}$/, 'expected a 65-byte signature') as z.ZodType<Hex>
const address = z
  .string()
  .regex(/^0x[0-9a-fA-F]{40}$/)
  .transform((a) => getAddress(a))
const uint32 = z.number().int().min(0).max(0xffffffff)

const signatureSchema = z.object({
  destination: uint32,
  batchIndex: z
    .string()
    .regex(/^\d{1,20}$/)
    .transform(BigInt),
  batchHash: hex32,
  signer: address,
  signature: signatureHex,
})

/** The bus codec of a co-signature (`BatchSignature`), JSON: a payload that does not parse is dead-lettered. */
export const batchSignatureCodec: BusCodec<BatchSignature> = createJsonCodec({
  contentType: 'application/vnd.relaymesh.batch-signature+json;v=1',
  parse: (raw) => signatureSchema.parse(raw),
})
