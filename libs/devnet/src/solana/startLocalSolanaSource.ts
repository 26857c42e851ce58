import { domains } from '@relaymesh/protocol'
import { startLocalSolana, type LocalSolana } from '@relaymesh/solana/local'
import { devKeyFromSeed } from '@relaymesh/solana'
import { createHash } from 'node:crypto'
import type { z } from 'zod'
import type { solanaChainSchema } from '@relaymesh/relayer/internal'
import { createDevCommitteeSchedule } from './createDevCommitteeSchedule.js'
import { startCommitteeSigners, type CommitteeSigners } from './startCommitteeSigners.js'
import { LOCAL_ATTESTER_TOKEN, startLocalAttesters } from './startLocalAttesters.js'

/**
 * A local Solana source for the devnet and the e2e tests: the chain, its committee, and the relayers' config for it.
 */
export type LocalSolanaSource = {
  chain: LocalSolana
  signers: CommitteeSigners
  /** The `solana` entry of every relayer's config. */
  config: z.input<typeof solanaChainSchema>
  feeAccount: string
  minFee: bigint
  /** The local chain's epoch length (Solana nonces count per epoch). */
  slotsPerEpoch: number
  stop(): Promise<void>
}

/**
 * Starts the local Solana chain (LiteSVM, fast slots, short finality lag,
 * short epochs so the committee rotates during a run) and the development
 * committee over it, with a funded fee account. With `attesterDatabaseUrl` the committee is the production
 * attester service (`startAttester`, one per key, recording what it signs there; relayers send a token);
 * without, the development signers.
 */
export async function startLocalSolanaSource(
  p: {
    slotMs?: number
    finalizedLag?: number
    slotsPerEpoch?: number
    committeeSize?: number
    attesterDatabaseUrl?: string
  } = {},
): Promise<LocalSolanaSource> {
  const slotsPerEpoch = p.slotsPerEpoch ?? 600
  const chain = await startLocalSolana({ slotMs: p.slotMs ?? 100, finalizedLag: p.finalizedLag ?? 8, slotsPerEpoch })
  const feeAccount = devKeyFromSeed(createHash('sha256').update('relaymesh-devnet-fee-account').digest()).publicKey
  // reason: LiteSVM brands addresses and lamports (kit types)
  chain.ledger.svm.airdrop(feeAccount as never, (10n ** 9n) as never)
  const minFee = 5000n
  const { keys, schedule } = createDevCommitteeSchedule({ size: p.committeeSize ?? 5 })
  const committee = {
    rpcUrl: chain.rpcUrl,
    domain: domains.solanaLocal,
    feeAccount,
    minFee,
    slotsPerEpoch,
    keys,
    schedule,
  }
  const signers: CommitteeSigners = p.attesterDatabaseUrl
    ? await startLocalAttesters({ ...committee, databaseUrl: p.attesterDatabaseUrl })
    : await startCommitteeSigners(committee)
  const config: z.input<typeof solanaChainSchema> = {
    kind: 'solana',
    domain: domains.solanaLocal,
    name: 'solana-local',
    rpcUrl: chain.rpcUrl,
    wsUrl: chain.wsUrl,
    feeAccount,
    minFee,
    slotsPerEpoch,
    committee: {
      schedule: schedule.map((e) => ({ fromEpoch: e.fromEpoch, members: [...e.members] })),
      signerUrls: signers.signerUrls,
      ...(p.attesterDatabaseUrl ? { signerToken: LOCAL_ATTESTER_TOKEN } : {}),
    },
    pollIntervalMs: 200,
    // The local chain makes a slot every ~200 ms: with 4 slots in flight a busy relayer read fewer a second than that
    // under load and fell behind the others; 16 keeps each one within a second or two of the first.
    fetchConcurrency: 16,
  }
  return {
    chain,
    signers,
    config,
    feeAccount,
    minFee,
    slotsPerEpoch,
    stop: async () => {
      await signers.stop()
      await chain.stop()
    },
  }
}
