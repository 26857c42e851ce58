import { z } from 'zod'
import { solanaChainSchema } from '../solana/solanaChainSchema.js' // Solana source
import { beaconFinalitySchema } from '../finality/ethereum/beaconFinalitySchema.js'
import { parliaFinalitySchema } from '../finality/bsc/parliaFinalitySchema.js'

const address = z.string().regex(/^0x[0-9a-fA-F]{40}$/, 'expected a 20-byte 0x address')

export const finalitySchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('confirmations'), depth: z.number().int().min(0).max(10_000) }),
  // Ethereum: sync-committee light client; see finality/ethereum/beaconFinalitySchema.ts
  beaconFinalitySchema,
  // BSC: Parlia light client; see finality/bsc/parliaFinalitySchema.ts
  parliaFinalitySchema,
])

export const evmChainSchema = z.object({
  domain: z.number().int().positive(),
  name: z.string().min(1),
  kind: z.literal('evm').default('evm'),
  rpcUrl: z.string().url(),
  /** Further endpoints of the same chain, tried in order when the one before fails (reset, timeout, 429, 5xx). */
  fallbackRpcUrls: z.array(z.string().url()).default([]),
  /**
   * The node's WebSocket endpoint (`ws://`, `wss://`; anvil and geth serve it on the RPC port). With it the watcher
   * and the Parlia feeder wake on each `newHeads` notification instead of asking for the head every poll interval;
   * reads still go over `rpcUrl`, and a dropped socket falls back to polling.
   */
  wsUrl: z
    .string()
    .url()
    .regex(/^wss?:\/\//, 'expected a ws:// or wss:// URL')
    .optional(),
  /** The Outbox whose Dispatch events this relayer carries. */
  outbox: address,
  /** The SettlementInbox messages to this chain settle into. */
  inbox: address,
  finality: finalitySchema.default({ kind: 'confirmations', depth: 2 }),
  /** First block to watch when there is no cursor yet. */
  startBlock: z.coerce.bigint().default(0n),
  pollIntervalMs: z.number().int().positive().default(250),
  /** The poll pause while the `wsUrl` subscription is live: a fallback only, since each new block wakes the poller. */
  idlePollIntervalMs: z.number().int().positive().default(2_000),
  maxBlocksPerPoll: z.number().int().positive().default(500),
  /**
   * Blocks (or Solana slots) the watcher reads at once, published in chain order: round trips overlap instead of adding
   * up.
   */
  fetchConcurrency: z.number().int().min(1).max(64).default(4),
  /** Confirmations the settler waits for on its own transactions. */
  txConfirmations: z.number().int().min(0).default(1),
})

export const batchSchema = z.object({
  maxMessages: z.number().int().positive().max(65_536).default(1000),
  maxAgeMs: z.number().int().positive().default(500),
  /** How long a co-signer waits for its own verifier before refusing a proposal. */
  cosignDeadlineMs: z.number().int().positive().default(30_000),
  /**
   * While `maxSettling` batches of a destination have their quorum but are not settled on chain, a queue shorter
   * than `maxMessages` waits, growing into one bigger batch, at most this long (then it seals by `maxAgeMs`).
   */
  maxHoldMs: z.number().int().min(0).default(30_000),
  /** Batches with their quorum that may wait for the settler at once before a short queue holds (see `maxHoldMs`). */
  maxSettling: z.number().int().min(1).max(2).default(2),
  /**
   * How long the inbox follower waits for this relayer's verifier on a batch the inbox settled that holds messages
   * not verified here, before it records `BATCH_NOT_ADOPTED` and goes on without adopting it.
   */
  adoptWaitMs: z.number().int().positive().default(600_000),
  /**
   * Clock difference between relayers a co-signer tolerates: it waits `cosignDeadlineMs` from when it first saw a
   * proposal, and refuses at once only a proposal older than `cosignDeadlineMs + maxClockSkewMs` by the proposer's
   * clock.
   */
  maxClockSkewMs: z.number().int().min(0).default(10_000),
  executeChunk: z.number().int().positive().max(2000).default(200),
  /**
   * A message this relayer verified this long ago that no batch holds yet is named to the other relayers (its source
   * block and id), so that one whose watcher passed its block without storing it (the proposer, above all) reads the
   * block again and verifies it itself.
   */
  reobserveAfterMs: z.number().int().min(1_000).default(120_000),
})

/**
 * NATS credentials and TLS: paths of files mounted from Secrets (the
 * service reads them at start). At most one of credsFile, nkeySeedFile,
 * tokenFile; a user and password may instead stand in `natsUrl`.
 */
export const natsOptionsSchema = z
  .object({
    /** A `.creds` file (user JWT and nkey seed). */
    credsFile: z.string().min(1).optional(),
    /** An nkey user seed (`SU...`). */
    nkeySeedFile: z.string().min(1).optional(),
    tokenFile: z.string().min(1).optional(),
    /** PEM files: the CA of the server's certificate; a client certificate and key for mutual TLS. */
    tls: z
      .object({
        caFile: z.string().min(1).optional(),
        certFile: z.string().min(1).optional(),
        keyFile: z.string().min(1).optional(),
      })
      .refine((t) => !t.certFile === !t.keyFile, 'certFile and keyFile go together')
      .optional(),
    /**
     * JetStream replicas of this relayer's streams and of the mesh stream it creates (1 for a single server, 3 on a
     * cluster).
     */
    replicas: z
      .object({
        bundles: z.number().int().min(1).max(5).optional(),
        deadLetters: z.number().int().min(1).max(5).optional(),
        mesh: z.number().int().min(1).max(5).optional(),
      })
      .optional(),
  })
  .refine(
    (n) => [n.credsFile, n.nkeySeedFile, n.tokenFile].filter(Boolean).length <= 1,
    'give one of credsFile, nkeySeedFile, tokenFile',
  )

/** libpq's `sslmode` values, as `databaseUrl`'s query may give them (with `sslrootcert`, `sslcert`, `sslkey`). */
const SSL_MODES = ['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full']

const databaseUrlSchema = z
  .string()
  .min(1)
  .refine(
    (url) => {
      const mode = /[?&]sslmode=([^&]*)/.exec(url)?.[1]
      return mode === undefined || SSL_MODES.includes(mode)
    },
    `sslmode must be one of ${SSL_MODES.join(', ')}`,
  )
  .refine(
    (url) => !/[?&]sslmode=verify-ca(&|$)/.test(url) || /[?&]sslrootcert=/.test(url),
    'sslmode=verify-ca needs sslrootcert (the CA file)',
  )

/**
 * One relayer identity's configuration. Secrets (the relayer key) are not
 * part of it: services read them from a secret file or variable.
 */
export const relayerConfigSchema = z.object({
  relayerId: z.string().regex(/^[a-z0-9][a-z0-9-]{0,30}$/, 'lowercase letters, digits and dashes'),
  /** libpq-style: `postgres://user@host/db?sslmode=verify-full&sslrootcert=/etc/relaymesh/pg-ca/ca.crt`. */
  databaseUrl: databaseUrlSchema,
  natsUrl: z.string().min(1),
  nats: natsOptionsSchema.optional(),
  chains: z.array(evmChainSchema).min(1),
  /** Solana sources (`kind: 'solana'`): attested, source only; see solana/solanaChainSchema.ts. */
  solana: z.array(solanaChainSchema).default([]),
  /** destination domain -> relayer id that proposes batches for it. */
  proposers: z.record(z.string(), z.string()),
  /** Relayer ids to their signing addresses: the mesh's relayer set, as the inboxes hold it. */
  relayers: z.record(z.string(), address),
  threshold: z.number().int().positive(),
  batch: batchSchema.default(batchSchema.parse({})),
  maxPayloadBytes: z.number().int().positive().max(65_536).default(65_536),
  verifierThreads: z.number().int().min(0).max(64).default(2),
  api: z
    .object({
      host: z.string().default('127.0.0.1'),
      port: z.number().int().min(0).max(65_535).default(8080),
      /**
       * The explorer page: absent = on at `/explorer`; false = off. `jaegerUrl` also comes from RELAYMESH_JAEGER_URL.
       */
      explorer: z
        .union([
          z.literal(false),
          z.object({
            path: z
              .string()
              .regex(/^\/[A-Za-z0-9._~/-]*[A-Za-z0-9._~-]$/, 'a URL path such as /explorer, no trailing slash')
              .refine(
                (p) => !/^\/(v1|openapi\.json|healthz|readyz|metrics)(\/|$)/.test(p),
                'must not shadow an API route',
              )
              .optional(),
            jaegerUrl: z.url({ protocol: /^https?$/ }).optional(),
          }),
        ])
        .optional(),
    })
    .default({ host: '127.0.0.1', port: 8080 }),
})

export type RelayerConfig = z.infer<typeof relayerConfigSchema>
export type EvmChainConfig = z.infer<typeof evmChainSchema>
