// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {ISettlementInbox} from "../solidity/ISettlementInbox.sol";
import {OneShotActions} from "./OneShotActions.sol";

/// @notice What forge's invariant runs call in random order with random arguments: honest traffic
///         (messages dispatched through a real Outbox, settled by the current quorum, executed whole
///         or one leaf at a time; the one-shot path in OneShotActions), rotations, and attacks (forged
///         batches, forged executions, old signers). State, flags and helpers: InboxFixture.
contract InboxHandler is OneShotActions {
    // ---- honest work (two-step: submitBatch, then execute) ----

    /// @notice Dispatches 1-8 messages to a mix of recipients and settles them as the next batch.
    function send(uint256 seed, uint8 count) public {
        (bytes[] memory messages, bytes32[] memory ids, Kind[] memory kinds, uint256[] memory tags) =
            _dispatch(seed, 1 + count % 8);
        ISettlementInbox.BatchHeader memory header = _nextHeader(ids);
        try inbox.submitBatch(header, ids, _sign(inbox.digest(header), _quorum())) {
            _record(header, messages, ids, kinds, tags);
        } catch {
            honestRejected = true;
        }
    }

    /// @notice Executes a settled batch, whole (no proof) or one leaf (its Merkle path), with the gas
    ///         an executor would send. Whatever the other recipients do, it must not revert, and each
    ///         counting message in it must have executed exactly once afterwards.
    function execute(uint256 which, uint256 leaf, bool whole) external {
        if (_batches.length == 0) return;
        Batch storage b = _batches[which % _batches.length];
        uint256 n = b.ids.length;
        uint32[] memory indices = new uint32[](whole ? n : 1);
        bytes[] memory messages = new bytes[](indices.length);
        for (uint256 i; i < indices.length; ++i) {
            indices[i] = uint32(whole ? i : leaf % n);
            messages[i] = b.messages[indices[i]];
        }
        bytes32[] memory proof = _multiproof(b.ids, indices);
        try inbox.execute{gas: EXECUTE_GAS}(b.header, messages, indices, proof) {}
        catch {
            blocked = true;
        }
        for (uint256 i; i < indices.length; ++i) {
            if (b.kinds[indices[i]] <= Kind.Counting2 && counting.counts(b.tags[indices[i]]) != 1) blocked = true;
        }
    }

    /// @notice Rotates to 1-5 keys of the pool with a random majority threshold: proposed with the
    ///         current quorum's signatures, applied after the delay. A batch of the old set settles
    ///         during the delay; applying early, or replaying the proposal, must fail.
    function rotate(uint256 seed) external {
        (uint256[] memory keys, uint8 threshold) = _newSet(seed);
        address[] memory set = _addresses(keys);
        address pauser = inbox.pauser();
        bytes[] memory signatures = _sign(inbox.relayerSetUpdateDigest(inbox.rotationNonce(), set, threshold, pauser), _quorum());
        try inbox.proposeRelayerSet(set, threshold, pauser, signatures) {}
        catch {
            honestRejected = true;
            return;
        }
        try inbox.applyRelayerSet() {
            earlyRotation = true;
        } catch {}
        send(seed, uint8(seed >> 24)); // pending work of the old set still settles
        vm.warp(block.timestamp + inbox.rotationDelay());
        inbox.applyRelayerSet();
        try inbox.proposeRelayerSet(set, threshold, pauser, signatures) {
            oldSetAccepted = true;
        } catch {}
        _retire(keys);
        rotations += 1;
    }

    // ---- attacks ----

    /// @notice Batches that must be refused: too few signatures, an outsider among them, or (signed by
    ///         a full quorum) a header that does not extend the stored chain.
    function forgeBatch(uint256 seed) external {
        (, bytes32[] memory ids,,) = _dispatch(0, 1);
        ISettlementInbox.BatchHeader memory header = _nextHeader(ids);
        uint256 mode = seed % 4;
        uint256[] memory signers = _forgedSigners(seed, mode);
        if (mode == 2) {
            header.previousBatchHash = keccak256(abi.encode(seed));
        } else {
            uint64 next = header.batchIndex;
            header.batchIndex = next == 0 || seed & 256 == 0 ? next + 1 + uint64(seed >> 9) % 3 : next - 1;
        }
        try inbox.submitBatch(header, ids, _sign(inbox.digest(header), signers)) {
            if (mode < 2) forgedAccepted = true;
            else nonLinearAccepted = true;
        } catch {}
    }

    /// @notice Executions that must be refused: a message under a batch that was never settled, or
    ///         under a settled batch it is not part of (with a real leaf's proof).
    function forgeExecution(uint256 seed) external {
        (bytes[] memory messages,,,) = _dispatch(0, 1);
        uint32[] memory indices = new uint32[](1);
        bytes32[] memory proof;
        ISettlementInbox.BatchHeader memory header;
        if (seed % 2 == 0 || _batches.length == 0) {
            header = _nextHeader(_one(keccak256(messages[0])));
        } else {
            Batch storage b = _batches[seed % _batches.length];
            header = b.header;
            indices[0] = uint32((seed >> 8) % b.ids.length);
            proof = _multiproof(b.ids, indices);
        }
        try inbox.execute(header, messages, indices, proof) {
            forgedAccepted = true;
        } catch {}
    }

    /// @notice A rotated-out relayer standing in for one member of an otherwise valid quorum.
    function oldSetSigns(uint256 seed) external {
        if (_removed.length == 0) return;
        (, bytes32[] memory ids,,) = _dispatch(0, 1);
        ISettlementInbox.BatchHeader memory header = _nextHeader(ids);
        uint256[] memory signers = _quorum();
        signers[seed % signers.length] = _removed[(seed >> 8) % _removed.length];
        _sortByAddress(signers);
        try inbox.submitBatch(header, ids, _sign(inbox.digest(header), signers)) {
            oldSetAccepted = true;
        } catch {}
    }
}
