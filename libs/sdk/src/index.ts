// @relaymesh/sdk: the bridge SDK for dApps, in viem's style (a client first,
// one action per file, typed errors). Send messages and tokens, follow them,
// fetch a settlement receipt and verify it offline, execute by hand.

// Client, errors, the relayer API's shapes and the actions that only read the API (also `@relaymesh/sdk/api`)
export * from './api.js'
export { ReceiptVerificationError } from './receipt/ReceiptVerificationError.js'
export type { ReceiptVerificationErrorCode } from './receipt/ReceiptVerificationError.js'

// Actions
export { sendMessage } from './actions/sendMessage.js'
export type { SendMessageErrorType, SendMessageParameters, SendMessageReturnType } from './actions/sendMessage.js'
export { sendMessages } from './actions/sendMessages.js'
export type {
  OutgoingMessage,
  SendMessagesErrorType,
  SendMessagesParameters,
  SendMessagesReturnType,
} from './actions/sendMessages.js'
export { sendToken } from './actions/sendToken.js'
export type { SendTokenErrorType, SendTokenParameters, SendTokenReturnType } from './actions/sendToken.js'
export { waitForMessage, DEFAULT_POLL_INTERVAL_MS } from './actions/waitForMessage.js'
export type {
  WaitableState,
  WaitForMessageErrorType,
  WaitForMessageParameters,
  WaitForMessageReturnType,
} from './actions/waitForMessage.js'
export { getMessagesBySender } from './actions/getMessagesBySender.js'
export type {
  GetMessagesBySenderErrorType,
  GetMessagesBySenderParameters,
  GetMessagesBySenderReturnType,
} from './actions/getMessagesBySender.js'
export { getSettlementReceipt } from './actions/getSettlementReceipt.js'
export type {
  GetSettlementReceiptErrorType,
  GetSettlementReceiptParameters,
  GetSettlementReceiptReturnType,
} from './actions/getSettlementReceipt.js'
export { executeMessage } from './actions/executeMessage.js'
export type {
  ExecuteMessageErrorType,
  ExecuteMessageParameters,
  ExecuteMessageReturnType,
} from './actions/executeMessage.js'

// Receipts (pure, synchronous, no network)
export { verifySettlementReceipt } from './receipt/verifySettlementReceipt.js'
export type {
  VerifySettlementReceiptErrorType,
  VerifySettlementReceiptReturnType,
} from './receipt/verifySettlementReceipt.js'
export { UNPROVEN_RECEIPT_FIELDS } from './receipt/SettlementReceipt.js'
export type { ReceiptMessage, SettlementReceipt, TrustedRelayerSet } from './receipt/SettlementReceipt.js'
export {
  BATCH_HEADER_TYPES,
  batchHeaderDigest,
  batchHeaderTypedData,
  hashBatchHeader,
} from './receipt/batchHeaderTypedData.js'
