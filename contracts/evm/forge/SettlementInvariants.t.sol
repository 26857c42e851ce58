// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {ISettlementInbox} from "../solidity/ISettlementInbox.sol";
import {InboxHandler} from "./InboxHandler.sol";
import {ForgeTest} from "./Vm.sol";

/// @notice The settlement inbox's safety properties, checked after every call of random
///         sequences of honest traffic, rotations and attacks (InboxHandler).
contract SettlementInvariants is ForgeTest {
    InboxHandler private handler;

    function setUp() public {
        handler = new InboxHandler();
        _target(address(handler));
    }

    function invariant_noMessageExecutesTwice() public view {
        for (uint256 tag; tag < handler.nextTag(); ++tag) {
            _assertTrue(handler.counting().counts(tag) <= 1, "a message executed twice");
        }
    }

    function invariant_nothingExecutesWithoutAQuorumSignedBatch() public view {
        _assertTrue(!handler.forgedAccepted(), "a forged batch or execution was accepted");
        for (uint256 tag; tag < handler.nextTag(); ++tag) {
            if (handler.counting().counts(tag) != 0) _assertTrue(handler.settledTag(tag), "an unsettled message executed");
        }
    }

    function invariant_batchChainIsLinear() public view {
        _assertTrue(!handler.nonLinearAccepted(), "a batch off the chain was accepted");
        uint64 next = handler.inbox().nextBatchIndex();
        _assertEq(next, handler.batchCount(), "settled batches");
        bytes32 previous;
        for (uint64 i; i < next; ++i) {
            ISettlementInbox.BatchHeader memory header = handler.headerOf(i);
            _assertEq(header.batchIndex, i, "batch index");
            _assertTrue(header.previousBatchHash == previous, "batch does not extend its predecessor");
            previous = handler.inbox().batchHashes(i);
            _assertTrue(previous == handler.inbox().batchHash(header), "stored hash is not the header's");
        }
        _assertTrue(handler.inbox().batchHashes(next) == bytes32(0), "a batch beyond the chain head");
    }

    function invariant_failingRecipientsNeverBlockOthers() public view {
        _assertTrue(!handler.blocked(), "a failing or gas-burning recipient blocked other messages");
        _assertTrue(!handler.honestRejected(), "honest quorum work was refused");
    }

    function invariant_rotationNeverLetsAnOldSetSign() public view {
        _assertTrue(!handler.oldSetAccepted(), "a rotated-out relayer's signature counted");
        _assertTrue(!handler.earlyRotation(), "a rotation applied before its delay");
    }
}
