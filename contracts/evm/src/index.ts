/**
 * ABIs and creation bytecode of the relaymesh EVM contracts, generated from `solidity/` by
 * `npm run build:contracts` (`as const`, so viem infers every function, event and error type).
 *
 * @example
 * import { outboxAbi } from '@relaymesh/evm-contracts'
 * const outbox = getContract({ address, abi: outboxAbi, client })
 * const hash = await outbox.write.dispatch([31356, recipient, '0x'])
 */
export { outboxAbi, outboxBytecode } from './generated/Outbox.js'
export { settlementInboxAbi, settlementInboxBytecode } from './generated/SettlementInbox.js'
export { crossChainTokenAbi, crossChainTokenBytecode } from './generated/CrossChainToken.js'
export { iMessageRecipientAbi, iMessageRecipientBytecode } from './generated/IMessageRecipient.js'
export { noopRecipientAbi, noopRecipientBytecode } from './generated/NoopRecipient.js'
export { revertingRecipientAbi, revertingRecipientBytecode } from './generated/RevertingRecipient.js'
export { gasProbeRecipientAbi, gasProbeRecipientBytecode } from './generated/GasProbeRecipient.js'
export { protocolHarnessAbi, protocolHarnessBytecode } from './generated/ProtocolHarness.js'
export { gasBurningRecipientBytecode } from './gasBurningRecipient.js'
