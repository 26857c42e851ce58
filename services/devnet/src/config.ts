import { parseArgs } from 'node:util'
import { z } from 'zod'

const schema = z.object({
  relayers: z.coerce.number().int().min(1).max(9).default(3),
  threshold: z.coerce.number().int().min(1).default(2),
  rate: z.coerce.number().min(0).max(100_000).default(20),
  'sdk-rate': z.coerce.number().min(0).max(50).default(1),
  duration: z.coerce.number().min(0).default(0),
  dir: z.string().default('.devnet'),
})

export type DevnetConfig = z.infer<typeof schema> & { env: Record<string, string | undefined> }

/** `relaymesh devnet [--relayers 3] [--threshold 2] [--rate 20] [--sdk-rate 1] [--duration 0] [--dir .devnet]` */
export function readConfig(argv: string[]): DevnetConfig {
  const { values } = parseArgs({
    args: argv,
    options: {
      relayers: { type: 'string' },
      threshold: { type: 'string' },
      rate: { type: 'string' },
      'sdk-rate': { type: 'string' },
      duration: { type: 'string' },
      dir: { type: 'string' },
    },
  })
  const parsed = schema.parse(values)
  if (parsed.threshold > parsed.relayers)
    throw new Error(`--threshold ${parsed.threshold} exceeds --relayers ${parsed.relayers}`)
  // The inbox requires a majority quorum: two disjoint quorums must not both sign.
  if (2 * parsed.threshold <= parsed.relayers)
    throw new Error(`--threshold ${parsed.threshold} is not a majority of --relayers ${parsed.relayers}`)
  return { ...parsed, env: { ...process.env } }
}
