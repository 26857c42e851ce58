import { z } from 'zod'

const base58Key = z.string().regex(/^[1-9A-HJ-NP-Za-km-z]{32,44}$/, 'expected a base58 public key')

/** One epoch range of the committee schedule (rotation per epoch: a new entry from `fromEpoch` on). */
export const committeeScheduleEntrySchema = z.object({
  fromEpoch: z.number().int().min(0),
  members: z.array(z.object({ pubkey: base58Key, stake: z.coerce.bigint().positive() })).min(1),
})

/**
 * A Solana source chain: attested verification. A separate list
 * from the EVM `chains`, because Solana is a source only here (no inbox, no
 * settler) and every EVM-side consumer of `chains` stays as it is.
 *
 * The committee schedule source is the config itself (ascending `fromEpoch`),
 * mounted like the relayer set; signers are reached over HTTP (`signerUrls`,
 * `GET /v1/commitments/<slot>`), see libs/relayer/src/solana/README.md.
 */
export const solanaChainSchema = z.object({
  kind: z.literal('solana').default('solana'),
  domain: z.number().int().positive(),
  name: z.string().min(1),
  rpcUrl: z.string().url(),
  /**
   * Tried in order when the one before fails (connection, timeout, HTTP 429 or 5xx, node unhealthy), as for EVM chains.
   */
  fallbackRpcUrls: z.array(z.string().url()).default([]),
  /** WebSocket endpoint for `logsSubscribe` (low latency only; polling is the source of truth). */
  wsUrl: z.string().url().optional(),
  /** The relayers' fee account (base58): every outbox transaction pays it. */
  feeAccount: base58Key,
  /** Least lamports per message (MEMO_FORMAT.md `FEE_MISSING`). */
  minFee: z.coerce.bigint().min(1n).default(5000n),
  slotsPerEpoch: z.number().int().positive().default(432_000),
  committee: z.object({
    schedule: z.array(committeeScheduleEntrySchema).min(1),
    signerUrls: z.array(z.string().url()).min(1),
    /** The bearer token `relaymesh attester` members ask of this relayer (the config is a Secret in the chart). */
    signerToken: z.string().min(16).optional(),
    /**
     * HTTPS to the attesters: the CA of their certificates and, for mTLS, this relayer's client certificate (PEM
     * files).
     */
    tls: z
      .object({
        caFile: z.string().min(1).optional(),
        certFile: z.string().min(1).optional(),
        keyFile: z.string().min(1).optional(),
      })
      .refine((t) => !t.certFile === !t.keyFile, 'certFile and keyFile go together')
      .optional(),
  }),
  /** First slot to watch when there is no cursor yet. */
  startSlot: z.number().int().min(0).default(0),
  pollIntervalMs: z.number().int().positive().default(400),
  /** Slots read and signed at once; they are published in slot order. */
  fetchConcurrency: z.number().int().min(1).max(64).default(4),
  /** `getSignaturesForAddress` page size (the node caps it at 1000). */
  signaturesPageSize: z.number().int().min(1).max(1000).default(1000),
})

export type SolanaChainConfig = z.infer<typeof solanaChainSchema>

/** The config as written (stakes and fees may be strings or numbers). */
export type SolanaChainConfigInput = z.input<typeof solanaChainSchema>
