import type { Hex } from './hex.js'

/** The Outbox event every cross-chain message is dispatched with. */
export const DISPATCH_EVENT_SIGNATURE = 'Dispatch(bytes32,uint32,uint64,bytes)'

/**
 * topic0 of the Outbox `Dispatch(bytes32 indexed id, uint32 indexed destination,
 * uint64 indexed nonce, bytes message)` event: keccak256 of
 * {@link DISPATCH_EVENT_SIGNATURE} (checked by a test).
 *
 * @example
 * extractOutboxLogs(receipt, { outbox, dispatchTopic: DISPATCH_TOPIC })
 */
export const DISPATCH_TOPIC: Hex = '0x1c4987c136325662a096176abcf1e740655f7c8f84030542357ee203c616fc7c'
