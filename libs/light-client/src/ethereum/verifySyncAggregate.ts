import type { PublicKey } from '@chainsafe/blst'
import { lodestarSsz as ssz } from './lodestarSsz.js'
import { LightClientError } from '../LightClientError.js'
import type { EthereumLightClientContext } from './EthereumLightClientContext.js'
import { computeEpochAtSlot, forkAtEpoch, type EthereumFork } from './EthereumLightClientConfig.js'
import { fastAggregateVerify } from './fastAggregateVerify.js'
import type { LightClientUpdate, SyncCommittee } from './lightClientTypes.js'

/** phase0 `DOMAIN_SYNC_COMMITTEE` (altair `beacon-chain.md`). */
const DOMAIN_SYNC_COMMITTEE = Uint8Array.from([7, 0, 0, 0])

/** phase0 `compute_domain(DOMAIN_SYNC_COMMITTEE, fork_version, genesis_validators_root)`. */
export function computeSyncCommitteeDomain(forkVersion: Uint8Array, genesisValidatorsRoot: Uint8Array): Uint8Array {
  const forkDataRoot = ssz.phase0.ForkData.hashTreeRoot({ currentVersion: forkVersion, genesisValidatorsRoot })
  const domain = new Uint8Array(32)
  domain.set(DOMAIN_SYNC_COMMITTEE, 0)
  domain.set(forkDataRoot.subarray(0, 28), 4)
  return domain
}

/** phase0 `compute_signing_root(header.beacon, domain)`. */
export function computeSigningRoot(update: LightClientUpdate, domain: Uint8Array): Uint8Array {
  const objectRoot = ssz.phase0.BeaconBlockHeader.hashTreeRoot(update.attestedHeader.beacon)
  return ssz.phase0.SigningData.hashTreeRoot({ objectRoot, domain })
}

/**
 * The fork whose version signs an update: altair `validate_light_client_update`
 * takes it at `max(signature_slot, 1) - 1` (the block the committee signed
 * over is from the previous slot, whose fork may be the older one).
 */
export function signingForkOf(context: EthereumLightClientContext, signatureSlot: number): EthereumFork {
  const forkVersionSlot = Math.max(signatureSlot, 1) - 1
  return forkAtEpoch(context.config, computeEpochAtSlot(context.config, forkVersionSlot))
}

/**
 * The last step of altair `validate_light_client_update`: FastAggregateVerify
 * of the participants' keys (decoded once, cached) over the attested header
 * with the signature slot's fork domain. On failure, the neighbouring forks'
 * domains are tried (at most two more pairings, on the failure path only) so
 * a signer configured with the wrong fork is told apart from a bad signature.
 *
 * @throws LightClientError `LC_BAD_SIGNATURE` or `LC_WRONG_FORK_OR_DOMAIN`.
 */
export function verifySyncAggregate(
  context: EthereumLightClientContext,
  committee: SyncCommittee,
  update: LightClientUpdate,
  genesisValidatorsRoot: Uint8Array,
): void {
  const decoded = context.keyCache.get(committee)
  const keys: PublicKey[] = []
  for (const index of update.syncAggregate.syncCommitteeBits.getTrueBitIndexes()) {
    const key = decoded[index]
    if (!key)
      throw new LightClientError('A participant key fails KeyValidate', { code: 'LC_BAD_SIGNATURE', meta: { index } })
    keys.push(key)
  }
  const fork = signingForkOf(context, update.signatureSlot)
  if (fork.name === 'phase0') {
    throw new LightClientError('Signature slot is before Altair: no sync committee', {
      code: 'LC_WRONG_FORK_OR_DOMAIN',
      meta: { signatureSlot: update.signatureSlot },
    })
  }
  const signature = update.syncAggregate.syncCommitteeSignature
  const verifies = (version: Uint8Array) =>
    fastAggregateVerify(
      keys,
      computeSigningRoot(update, computeSyncCommitteeDomain(version, genesisValidatorsRoot)),
      signature,
    )
  if (verifies(fork.version)) return
  const index = context.config.forks.indexOf(fork)
  for (const other of [context.config.forks[index - 1], context.config.forks[index + 1]]) {
    if (other && other.name !== 'phase0' && verifies(other.version)) {
      throw new LightClientError(`Signed with the ${other.name} domain at a ${fork.name} slot`, {
        code: 'LC_WRONG_FORK_OR_DOMAIN',
        meta: { expectedFork: fork.name, signedFork: other.name, signatureSlot: update.signatureSlot },
      })
    }
  }
  throw new LightClientError('Sync committee aggregate signature does not verify', {
    code: 'LC_BAD_SIGNATURE',
    meta: {
      signatureSlot: update.signatureSlot,
      attestedSlot: update.attestedHeader.beacon.slot,
      participants: keys.length,
    },
  })
}
