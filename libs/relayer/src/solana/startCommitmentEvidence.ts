import type { BusCatalogue } from '@relaymesh/bus'
import type { NatsConnection } from '@nats-io/transport-node'
import type { StoreDb } from '@relaymesh/store'
import type { Logger } from '@relaymesh/telemetry'
import {
  signerUnreachable,
  type CommitmentConflict,
  type FetchSignedCommitment,
  type SignedCommitmentResponse,
  type SignerFailure,
} from './collectCommitmentSignatures.js'
import { createCommitmentEvidence, type CommitmentObservation } from './createCommitmentEvidence.js'
import type { SolanaChainConfig } from './solanaChainSchema.js'

const isObservation = (v: unknown): v is CommitmentObservation => {
  const o = v as Partial<CommitmentObservation> | null // reason: fields checked one by one below
  return (
    typeof o === 'object' &&
    o !== null &&
    Number.isSafeInteger(o.domain) &&
    Number.isSafeInteger(o.slot) &&
    typeof o.signer === 'string' &&
    typeof o.commitment === 'string' &&
    /^0x[0-9a-fA-F]+$/.test(o.commitment) &&
    typeof o.signature === 'string' &&
    typeof o.observedBy === 'string'
  )
}

/** What the evidence needs of a relayer: its database, its NATS connection and subjects, its id and logger. */
export type CommitmentEvidenceContext = {
  db: StoreDb
  nc: NatsConnection
  catalogue: BusCatalogue
  relayerId: string
  logger: Logger
}

/**
 * The Solana watcher's equivocation evidence (`createCommitmentEvidence`) on the relayer's database and the mesh:
 * observations are shared on core NATS (`catalogue.subjects.evidence`, rare, a few hundred bytes each) and the
 * other relayers' are read from `catalogue.subjects.allEvidence` until `signal` aborts. Evidence never stops the
 * watcher: a failure to keep or share it is logged. A signer asked again that does not answer counts as absent, and
 * is reported to `onSignerFailure` with its code (`SIGNER_UNREACHABLE`), as the signature collector reports it.
 *
 * @example
 * const evidence = startCommitmentEvidence(ctx, chain, { fetchSigned, onSignerFailure, signal })
 * collectCommitmentSignatures(fetchSigned, { ..., onConflict: evidence.onConflict })
 */
export function startCommitmentEvidence(
  ctx: CommitmentEvidenceContext,
  c: Pick<SolanaChainConfig, 'domain' | 'committee'>,
  p: { fetchSigned: FetchSignedCommitment; onSignerFailure: (failure: SignerFailure) => void; signal: AbortSignal },
) {
  const logger = ctx.logger.child({ module: 'commitment-evidence', origin: c.domain })
  const { nc } = ctx
  const evidence = createCommitmentEvidence({
    db: ctx.db,
    relayerId: ctx.relayerId,
    domain: c.domain,
    schedule: c.committee.schedule,
    logger,
    share: async (o) => nc.publish(ctx.catalogue.subjects.evidence(String(c.domain)), JSON.stringify(o)),
    askSigners: async (slot) => {
      const answers = await Promise.all(
        c.committee.signerUrls.map((url) =>
          p.fetchSigned(url, slot).catch((cause: unknown) => {
            p.onSignerFailure({ signerUrl: url, error: signerUnreachable(url, slot, cause) })
            return null
          }),
        ),
      )
      return answers.filter((a): a is SignedCommitmentResponse => a !== null)
    },
  })
  const subscription = nc.subscribe(ctx.catalogue.subjects.allEvidence, {
    callback: (error, message) => {
      if (error) return logger.warn({ err: error }, 'evidence subscription failed')
      if (!message.subject.startsWith(`${ctx.catalogue.subjects.allEvidence.slice(0, -1)}${c.domain}.`)) return
      let observation: unknown
      try {
        observation = message.json()
      } catch {
        return logger.warn({ subject: message.subject }, 'ignored evidence that is not JSON')
      }
      if (!isObservation(observation)) return logger.warn({ subject: message.subject }, 'ignored malformed evidence')
      // The subject's last token is the publisher (NATS permissions: a relayer publishes only as itself).
      evidence
        .onShared({ ...observation, observedBy: message.subject.split('.').at(-1) ?? '' })
        .catch((err: unknown) => logger.warn({ err }, 'could not keep shared evidence'))
    },
  })
  p.signal.addEventListener('abort', () => subscription.unsubscribe(), { once: true })
  return {
    onConflict: (conflict: CommitmentConflict): void => {
      evidence
        .onConflict(conflict)
        .catch((err: unknown) => logger.warn({ err }, 'could not record a commitment conflict'))
    },
  }
}
