// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {IMessageRecipient} from "./IMessageRecipient.sol";
import {ISettlementInbox} from "./ISettlementInbox.sol";
import {Message} from "./Message.sol";

/// @title MessageDelivery
/// @notice How SettlementInbox delivers the messages of a settled batch (`execute`, `submitAndExecute`)
///         and remembers them (PROTOCOL.md "Replay protection", "Execution gas").
/// @dev Replay protection is per message, not per batch slot: two packed bitmaps keyed by the message's
///      (origin, nonce), word `nonce >> 8`, bit `nonce & 255`. Nonces are per Outbox and each origin has
///      exactly one trusted Outbox, so the key names one message whichever batch (or leaf) carries it,
///      and an origin's consecutive messages share a word: one fresh slot per 256 messages per origin,
///      every other write a warm or non-zero slot.
abstract contract MessageDelivery is ISettlementInbox {
    /// @notice Longest revert reason copied into MessageFailed; a recipient cannot return-bomb the executor.
    uint256 public constant MAX_REASON_LENGTH = 256;
    /// @notice Gas `execute` keeps back, beyond a message's gas limit and the 1/64 EIP-150 withholds,
    ///         before calling its recipient: the CALL itself and the failure bookkeeping after it
    ///         (failed bit in a fresh word, `MessageFailed` with a 256-byte reason). So a call that
    ///         fails always had its full gas limit, and recording the failure cannot run out of gas
    ///         (PROTOCOL.md "Execution gas").
    uint256 public constant EXECUTE_GAS_RESERVE = 40_000;

    mapping(uint32 origin => mapping(uint256 word => uint256 bits)) private _executed;
    mapping(uint32 origin => mapping(uint256 word => uint256 bits)) private _failed;

    /// @notice True once the message (origin, nonce) executed successfully, whichever batch carried it.
    function isExecuted(uint32 origin, uint64 nonce) external view returns (bool) {
        return _executed[origin][nonce >> 8] & _bit(nonce) != 0;
    }

    /// @notice True when the message's last attempt failed and it has not executed since.
    /// @dev A successful retry does not clear the failed bit (that would cost an SLOAD on every
    ///      success); the executed bit takes precedence here.
    function isFailed(uint32 origin, uint64 nonce) external view returns (bool) {
        uint256 word = nonce >> 8;
        uint256 bit = _bit(nonce);
        return _failed[origin][word] & bit != 0 && _executed[origin][word] & bit == 0;
    }

    /// @dev What `_deliverRun` stopped at; anything but DELIVERED is finished by `_finishDelivery`.
    uint256 private constant DELIVERED = 0;
    uint256 private constant SKIPPED = 1;
    uint256 private constant RECIPIENT_FAILED = 2;
    uint256 private constant NO_CODE = 3;
    uint256 private constant STARVED = 4;
    /// @dev Literals, so that assembly can read them: IMessageRecipient.handle.selector (left-aligned) and
    ///      MessageExecuted.selector, the topic of `MessageExecuted(bytes32)`. The e2e tests decode the
    ///      logs with the generated ABI, so a mismatch fails them.
    uint256 private constant HANDLE_SELECTOR = 0x56d5d475 << 224;
    bytes32 private constant MESSAGE_EXECUTED_TOPIC = 0xe7d1e1f435233f7a187624ac11afaf32ee0da368cef8a5625be394412f619254;

    /// @dev Where a calldata message sits, for `_deliverRun`: offset << 32 | length.
    function _span(bytes calldata message) internal pure returns (uint256 span) {
        assembly {
            span := or(shl(32, message.offset), message.length)
        }
    }

    /// @dev Delivers every message (ids and spans in leaf order of this call). `leafList` is the calldata
    ///      offset of the `uint32[]` leaf indices, or zero when message i is leaf i (submitAndExecute).
    function _deliverAll(uint64 batchIndex, bytes32[] memory ids, uint256[] memory spans, uint256 leafList) internal {
        uint256 count = ids.length;
        uint256 at;
        while (true) {
            uint256 outcome;
            (at, outcome) = _deliverRun(ids, spans, at);
            if (at == count) return;
            uint256 leaf = at;
            if (leafList != 0) {
                assembly {
                    leaf := calldataload(add(leafList, shl(5, at)))
                }
            }
            uint256 span = spans[at];
            bytes calldata message;
            assembly {
                message.offset := shr(32, span)
                message.length := and(span, 0xffffffff)
            }
            _finishDelivery(batchIndex, uint32(leaf), ids[at], message, outcome);
            ++at;
        }
    }

    /// @dev PROTOCOL.md "Replay protection": the key is the message's (origin, nonce), proven through
    ///      its id, never the (batchIndex, leafIndex) that carries it, so a second batch holding the
    ///      same message, or one batch holding it twice, cannot execute it again: it is skipped.
    ///      The common case, in one assembly loop from message `from` on, stopping at the first message
    ///      that needs more (returned with its outcome; `at == ids.length` when none does): one keccak
    ///      (two when the origin changes), one SLOAD and one SSTORE of the executed word, one CALL, one
    ///      LOG2 per message. The executed bit is set before the call (a re-entrant execute of this
    ///      message sees it executed), then IMessageRecipient.handle(origin, sender, payload) is called
    ///      with exactly the message's gas limit, its calldata built at the free memory pointer without
    ///      claiming it, so delivering 1000 messages does not grow memory. A bytes32 recipient that is
    ///      not a left-padded EVM address is never truncated into one (NO_CODE, as an address without code).
    function _deliverRun(bytes32[] memory ids, uint256[] memory spans, uint256 from)
        private
        returns (uint256 at, uint256 outcome)
    {
        assembly ("memory-safe") {
            let ptr := mload(0x40)
            let lastDomain := not(0)
            // The parts of the handle calldata that are the same for every message.
            mstore(ptr, HANDLE_SELECTOR)
            mstore(add(ptr, 0x44), 0x60)
            for { at := from } lt(at, mload(ids)) { at := add(at, 1) } {
                // Blocks end variables early: the legacy pipeline (forge) has only 16 stack slots.
                let span := mload(add(spans, shl(5, add(at, 1))))
                let data := shr(32, span)
                let domain := and(shr(152, calldataload(data)), 0xffffffff)
                // Solidity's slot of _executed[domain][nonce >> 8]. Scratch word 0x20 keeps the inner hash
                // for the origin (nothing else in this loop writes scratch space).
                if xor(domain, lastDomain) {
                    mstore(0x00, domain)
                    mstore(0x20, _executed.slot)
                    mstore(0x20, keccak256(0x00, 0x40))
                    lastDomain := domain
                }
                {
                    let nonce := and(shr(184, calldataload(data)), 0xffffffffffffffff)
                    mstore(0x00, shr(8, nonce))
                    let slot := keccak256(0x00, 0x40)
                    let bit := shl(and(nonce, 0xff), 1)
                    let bits := sload(slot)
                    if and(bits, bit) {
                        outcome := SKIPPED
                        break
                    }
                    sstore(slot, or(bits, bit))
                }
                let recipient := calldataload(add(data, 49))
                if or(shr(160, recipient), iszero(extcodesize(recipient))) {
                    outcome := NO_CODE
                    break
                }
                let length := sub(and(span, 0xffffffff), 85)
                mstore(add(ptr, 0x04), domain) // leaves the selector's 4 bytes in place
                mstore(add(ptr, 0x24), calldataload(add(data, 13))) // sender
                mstore(add(ptr, 0x64), length)
                mstore(add(add(ptr, 0x84), and(length, not(31))), 0) // zero the padding of the last word
                calldatacopy(add(ptr, 0x84), add(data, 85), length)
                let gasLimit := shr(224, calldataload(add(data, 81)))
                // Exact gas (as Chainlink CCIP's CallWithExactGas): EIP-150 forwards at most all but 1/64
                // of what is left, so the call gets exactly `gasLimit` only if h - h/64 > gasLimit, where
                // h = gasleft - EXECUTE_GAS_RESERVE; otherwise the executor, not the recipient, is short of
                // gas. With integer division h - floor(h/64) = ceil(63h/64), so the test is 63h > 64 gasLimit,
                // that is 63 gasleft > 64 gasLimit + 63 EXECUTE_GAS_RESERVE (false whenever gasleft <= reserve).
                if iszero(gt(mul(63, gas()), add(shl(6, gasLimit), mul(63, EXECUTE_GAS_RESERVE)))) {
                    outcome := STARVED
                    break
                }
                if iszero(call(gasLimit, recipient, 0, ptr, add(0x84, and(add(length, 31), not(31))), 0, 0)) {
                    outcome := RECIPIENT_FAILED
                    break
                }
                log2(0, 0, MESSAGE_EXECUTED_TOPIC, mload(add(ids, shl(5, add(at, 1)))))
            }
        }
    }

    /// @dev Finishes the delivery `_deliverRun` stopped at: a skip, or a failure (the executed bit it set
    ///      is cleared and the failed bit set), or the executor's shortage of gas (reverts everything).
    function _finishDelivery(uint64 batchIndex, uint32 leafIndex, bytes32 id, bytes calldata message, uint256 outcome)
        private
    {
        if (outcome == SKIPPED) {
            emit MessageSkipped(id, batchIndex, leafIndex);
            return;
        }
        if (outcome == STARVED) revert InsufficientGasForRecipient(id, Message.gasLimitCalldata(message));
        // Read the recipient's revert data first: nothing below makes a call.
        bytes memory reason = outcome == NO_CODE
            ? abi.encodeWithSelector(RecipientHasNoCode.selector, Message.recipientCalldata(message))
            : _returnedReason();
        (uint32 origin, uint64 nonce) = Message.originNonceCalldata(message);
        uint256 word = nonce >> 8;
        uint256 bit = _bit(nonce);
        // Re-read: a re-entrant call may have set other bits of this word meanwhile.
        _executed[origin][word] &= ~bit;
        _failed[origin][word] |= bit;
        emit MessageFailed(id, batchIndex, leafIndex, origin, nonce, reason);
    }

    /// @dev The last call's revert data, at most MAX_REASON_LENGTH bytes: a recipient cannot return-bomb
    ///      the executor.
    function _returnedReason() private pure returns (bytes memory reason) {
        uint256 size;
        assembly {
            size := returndatasize()
        }
        if (size > MAX_REASON_LENGTH) size = MAX_REASON_LENGTH;
        reason = new bytes(size);
        assembly ("memory-safe") {
            returndatacopy(add(reason, 0x20), 0, size)
        }
    }

    function _bit(uint64 nonce) private pure returns (uint256) {
        return uint256(1) << (nonce & 0xff);
    }
}
