/**
 * `@relaymesh/receipt-proof`: pure, synchronous checks that an EVM
 * cross-chain message is real. A header hashes to the block hash
 * ({@link hashBlockHeader}); a receipt is under that header's receiptsRoot
 * ({@link verifyReceiptProof}); the receipt carries a Dispatch log from the
 * configured Outbox ({@link extractOutboxLogs}, {@link getLog},
 * {@link decodeDispatchLog}). The watcher side builds the trie and cuts the
 * proofs ({@link buildReceiptsTrie}, {@link getReceiptProof}). No IO: safe
 * in worker threads.
 *
 * @example
 * // watcher
 * const trie = buildReceiptsTrie(rpcReceipts.map((r) => encodeReceipt(r)))
 * const shipped = { header: encodeBlockHeader(rpcBlock), txIndex, proof: getReceiptProof(trie, txIndex) }
 * // verifier (after checking header.hash against its light client)
 * const header = decodeBlockHeader(shipped.header)
 * const receipt = verifyReceiptProof({ receiptsRoot: header.receiptsRoot, txIndex, proof: shipped.proof })
 * const log = getLog(receipt, claim.logIndex)
 * if (log.address !== outbox) reject('WRONG_OUTBOX')
 * const { id, message } = decodeDispatchLog(log)
 */
export { ReceiptProofError } from './ReceiptProofError.js'
export type { ReceiptProofErrorCode, ReceiptProofErrorParameters } from './ReceiptProofError.js'
export type { Hex } from './hex.js'

export { encodeRlp } from './encodeRlp.js'
export type { RlpItem } from './encodeRlp.js'
export { decodeRlp } from './decodeRlp.js'
export type { RlpDecoded } from './decodeRlp.js'

export type { BlockHeader, RpcBlockHeader } from './BlockHeader.js'
export { encodeBlockHeader } from './encodeBlockHeader.js'
export type { EncodeBlockHeaderParameters } from './encodeBlockHeader.js'
export { hashBlockHeader } from './hashBlockHeader.js'
export type { HashBlockHeaderParameters } from './hashBlockHeader.js'
export { decodeBlockHeader } from './decodeBlockHeader.js'
export type { DecodeBlockHeaderReturnType } from './decodeBlockHeader.js'

export type { Receipt, ReceiptLog, RpcLog, RpcReceipt } from './Receipt.js'
export { encodeReceipt } from './encodeReceipt.js'
export type { EncodeReceiptParameters } from './encodeReceipt.js'
export { decodeReceipt } from './decodeReceipt.js'
export type { DecodeReceiptReturnType } from './decodeReceipt.js'
export { decodeRawReceipt } from './decodeRawReceipt.js'
export type { DecodeRawReceiptReturnType, RawReceipt, RawReceiptLog } from './decodeRawReceipt.js'

export { buildReceiptsTrie } from './buildReceiptsTrie.js'
export type { BuildReceiptsTrieParameters, ReceiptsTrie } from './buildReceiptsTrie.js'
export { getReceiptProof } from './getReceiptProof.js'
export type { ReceiptProof } from './getReceiptProof.js'
export { verifyReceiptProof } from './verifyReceiptProof.js'
export type { VerifyReceiptProofParameters, VerifyReceiptProofReturnType } from './verifyReceiptProof.js'
export { verifyReceiptProofs } from './verifyReceiptProofs.js'
export type {
  ReceiptProofClaim,
  VerifyReceiptProofsParameters,
  VerifyReceiptProofsReturnType,
} from './verifyReceiptProofs.js'

export { DISPATCH_EVENT_SIGNATURE, DISPATCH_TOPIC } from './DISPATCH_TOPIC.js'
export { extractOutboxLogs } from './extractOutboxLogs.js'
export type { ExtractOutboxLogsParameters, ExtractOutboxLogsReturnType, OutboxLog } from './extractOutboxLogs.js'
export { getLog } from './getLog.js'
export type { GetLogReturnType } from './getLog.js'
export { decodeDispatchData } from './decodeDispatchData.js'
export type { DecodeDispatchDataReturnType } from './decodeDispatchData.js'
export { decodeDispatchLog } from './decodeDispatchLog.js'
export type { DecodeDispatchLogParameters, DecodeDispatchLogReturnType } from './decodeDispatchLog.js'
export { bloomMayContain } from './bloomMayContain.js'
