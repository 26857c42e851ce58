// `@relaymesh/devnet/parlia`: the local BSC (Parlia) chain the devnet seals, for the relayer's Parlia tests and
// benches.
export { createParliaDevChain, type ParliaDevChain, type ParliaDevChainOptions } from './createParliaDevChain.js'
export {
  defaultParliaDevSchedule,
  parliaDevValidators,
  type ParliaDevSet,
  type ParliaDevValidator,
} from './parliaDevValidators.js'
export { sealParliaHeader, voteParliaAttestation } from './sealParliaHeader.js'
export { anvilStandInBlock } from './anvilStandInBlock.js'
