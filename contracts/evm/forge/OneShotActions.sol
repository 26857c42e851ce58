// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {ISettlementInbox} from "../solidity/ISettlementInbox.sol";
import {InboxFixture} from "./InboxFixture.sol";

/// @notice The one-shot path (`submitAndExecute`, the settler's): honest batches settled and executed in one
///         transaction, messages settled again by a second carrier, and forged one-shot batches.
abstract contract OneShotActions is InboxFixture {
    /// @notice Dispatches 1-8 messages and settles and executes them in one transaction (the settler's
    ///         path, `submitAndExecute`), with the gas an executor would send. It must not revert, and
    ///         each counting message must have executed exactly once afterwards.
    function sendOneShot(uint256 seed, uint8 count) external {
        (bytes[] memory messages, bytes32[] memory ids, Kind[] memory kinds, uint256[] memory tags) =
            _dispatch(seed, 1 + count % 8);
        _oneShot(messages, ids, kinds, tags);
    }

    /// @notice Settles a settled batch's messages again as a new batch, in one transaction: the ones
    ///         already executed are skipped, the others execute, none twice (a second carrier).
    function rebatchOneShot(uint256 which) external {
        if (_batches.length == 0) return;
        Batch storage b = _batches[which % _batches.length];
        _oneShot(b.messages, b.ids, b.kinds, b.tags);
    }

    /// @notice One-shot batches that must be refused: too few signatures, an outsider among them, or a
    ///         message list that is not the signed one.
    function forgeOneShot(uint256 seed) external {
        (bytes[] memory messages, bytes32[] memory ids,,) = _dispatch(0, 2);
        ISettlementInbox.BatchHeader memory header = _nextHeader(ids);
        uint256 mode = seed % 3;
        uint256[] memory signers = _forgedSigners(seed, mode);
        if (mode == 2) {
            (bytes[] memory other,,,) = _dispatch(0, 1);
            messages[seed & 1] = other[0];
        }
        try inbox.submitAndExecute{gas: EXECUTE_GAS}(header, _pack(messages), _sign(inbox.digest(header), signers)) {
            forgedAccepted = true;
        } catch {}
    }

    function _oneShot(bytes[] memory messages, bytes32[] memory ids, Kind[] memory kinds, uint256[] memory tags)
        internal
    {
        ISettlementInbox.BatchHeader memory header = _nextHeader(ids);
        bytes[] memory signatures = _sign(inbox.digest(header), _quorum());
        try inbox.submitAndExecute{gas: EXECUTE_GAS}(header, _pack(messages), signatures) {
            _record(header, messages, ids, kinds, tags);
        } catch {
            honestRejected = true;
            return;
        }
        for (uint256 i; i < ids.length; ++i) {
            if (kinds[i] <= Kind.Counting2 && counting.counts(tags[i]) != 1) blocked = true;
        }
    }
}
