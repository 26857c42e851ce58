import type { BusCodec, BusMessage } from '@relaymesh/bus'
import type { CommitmentSignature, OutboxSlotTransaction, SlotCommitment } from '@relaymesh/solana'
import { z } from 'zod'

/**
 * One finalized Solana slot's outbox transactions (raw wire bytes, re-extracted
 * by the verifier) with the committee's commitment and signatures for it.
 * Published on `catalogue.subjects.bundles(<solana domain>)`. Version 2: the
 * commitment carries `messagesBefore` (v2 slot commitments, dense nonces).
 */
export type SolanaSlotBundle = {
  version: 2
  kind: 'solana-slot'
  origin: number
  slot: number
  blockhash: string
  observedAt: number
  /** The slot's block time in seconds, as the RPC answered it (tracing only: the time of the messages' trace roots). */
  blockTime?: number | undefined
  transactions: OutboxSlotTransaction[]
  commitment: SlotCommitment
  signatures: CommitmentSignature[]
  /** Message id -> traceparent of its trace (tracing only; ids are re-derived by the verifier). */
  traceparents: Record<string, string>
}

export const SOLANA_BUNDLE_CONTENT_TYPE = 'application/vnd.relaymesh.solana-slot+json;v=2'

const hex32 = z.string().regex(/^0x[0-9a-fA-F]{64}$/) as unknown as z.ZodType<`0x${string}`> // reason: regex-checked template literal
const schema = z.object({
  version: z.literal(2),
  kind: z.literal('solana-slot'),
  origin: z.number().int().nonnegative(),
  slot: z.number().int().nonnegative(),
  blockhash: z.string(),
  observedAt: z.number(),
  blockTime: z.number().int().nonnegative().optional(),
  transactions: z.array(z.object({ signature: z.string(), wire: z.string(), err: z.unknown() })),
  commitment: z.object({
    domain: z.number().int(),
    epoch: z.number().int(),
    slot: z.number().int(),
    blockhash: z.string(),
    messagesBefore: z.number().int(),
    messageCount: z.number().int(),
    messagesRoot: hex32,
  }),
  signatures: z.array(z.object({ signer: z.string(), signature: z.string() })),
  traceparents: z.record(z.string(), z.string()),
})

/** JSON codec of a Solana slot bundle (signatures as base64). */
export const solanaSlotBundleCodec: BusCodec<SolanaSlotBundle> = {
  contentType: SOLANA_BUNDLE_CONTENT_TYPE,
  encode: (b) =>
    new TextEncoder().encode(
      JSON.stringify({
        ...b,
        signatures: b.signatures.map((s) => ({
          signer: s.signer,
          signature: Buffer.from(s.signature).toString('base64'),
        })),
      }),
    ),
  decode: (bytes) => {
    const raw = schema.parse(JSON.parse(new TextDecoder().decode(bytes)))
    return {
      ...raw,
      transactions: raw.transactions.map((t) => ({ ...t, err: t.err ?? null })),
      signatures: raw.signatures.map((s) => ({
        signer: s.signer,
        signature: new Uint8Array(Buffer.from(s.signature, 'base64')),
      })),
    }
  },
}

/** A Solana bundle as the verifier's consumer holds it next to EVM bundles. */
export type IncomingSolanaBundle = { kind: 'solana'; bundle: SolanaSlotBundle }

/** Widens the verifier's bundle codec to also read Solana slot bundles (told apart by content type). */
export function withSolanaBundles<T>(codec: BusCodec<T>): BusCodec<T | IncomingSolanaBundle> {
  return {
    contentType: codec.contentType,
    accepts: [...(codec.accepts ?? []), SOLANA_BUNDLE_CONTENT_TYPE],
    encode: (value) => (isSolanaMessageData(value) ? solanaSlotBundleCodec.encode(value.bundle) : codec.encode(value)),
    decode: (bytes, contentType) =>
      contentType === SOLANA_BUNDLE_CONTENT_TYPE
        ? { kind: 'solana', bundle: solanaSlotBundleCodec.decode(bytes) }
        : codec.decode(bytes, contentType),
  }
}

function isSolanaMessageData(value: unknown): value is IncomingSolanaBundle {
  return (
    typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'solana' && 'bundle' in value
  )
}

/** Splits a pull into Solana bundles and the rest. */
export function splitSolanaMessages<T>(messages: readonly BusMessage<T | IncomingSolanaBundle>[]): {
  solana: BusMessage<IncomingSolanaBundle>[]
  rest: BusMessage<T>[]
} {
  const solana: BusMessage<IncomingSolanaBundle>[] = []
  const rest: BusMessage<T>[] = []
  for (const m of messages) {
    if (isSolanaMessageData(m.data))
      solana.push(m as BusMessage<IncomingSolanaBundle>) // reason: narrowed by the guard on data
    else rest.push(m as BusMessage<T>) // reason: the other member of the union
  }
  return { solana, rest }
}
