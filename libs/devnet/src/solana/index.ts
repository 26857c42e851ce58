export { createDevCommitteeSchedule } from './createDevCommitteeSchedule.js'
export {
  startCommitteeSigners,
  type CommitteeSigners,
  type StartCommitteeSignersParameters,
} from './startCommitteeSigners.js'
export { startLocalSolanaSource, type LocalSolanaSource } from './startLocalSolanaSource.js'
export { sendSolanaDemoTraffic } from './sendSolanaDemoTraffic.js'
