// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {ISettlementInbox} from "../solidity/ISettlementInbox.sol";
import {MerkleMultiproof} from "../solidity/MerkleMultiproof.sol";
import {Outbox} from "../solidity/Outbox.sol";
import {SettlementInbox} from "../solidity/SettlementInbox.sol";
import {CountingRecipient, GasBurningRecipient, RejectingRecipient} from "./Recipients.sol";
import {Vm} from "./Vm.sol";

/// @notice What forge's invariant runs call in random order with random arguments: honest traffic
///         (messages dispatched through a real Outbox, settled by the current quorum, executed whole
///         or one leaf at a time), rotations, and attacks (forged batches, forged executions, old
///         signers). An attack that succeeds, or honest work that is refused, sets a flag the
///         invariants read. Messages are taken from the Outbox's Dispatch events, so the handler
///         follows the message codec whatever its layout.
contract InboxHandler {
    Vm private constant vm = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));
    uint32 public constant ORIGIN = 31337;
    uint32 public constant DESTINATION = 31356;
    uint256 private constant KEY_POOL = 8;
    uint256 private constant FIRST_KEY = 0xA11CE;
    uint256 private constant OUTSIDER_KEY = 0xBAD;
    address private constant NO_CODE = address(0xDEAD);
    /// Enough for 8 messages at the default gas limit; what a settler would send.
    uint256 private constant EXECUTE_GAS = 8_000_000;

    enum Kind {
        Counting,
        Counting2,
        Rejecting,
        GasBurning,
        NoCode
    }

    struct Batch {
        ISettlementInbox.BatchHeader header;
        bytes[] messages;
        bytes32[] ids;
        Kind[] kinds;
        uint256[] tags;
    }

    SettlementInbox public immutable inbox;
    Outbox public immutable outbox;
    CountingRecipient public immutable counting;
    address private immutable _rejecting;
    address private immutable _burning;

    /// Private keys of the current set, ascending by address.
    uint256[] private _current;
    /// Keys rotated out and not members again.
    uint256[] private _removed;
    Batch[] private _batches;

    uint256 public nextTag;
    mapping(uint256 tag => bool) public settledTag;
    bool public forgedAccepted;
    bool public nonLinearAccepted;
    bool public oldSetAccepted;
    bool public earlyRotation;
    bool public blocked;
    bool public honestRejected;
    uint256 public rotations;

    constructor() {
        outbox = new Outbox(ORIGIN);
        counting = new CountingRecipient();
        _rejecting = address(new RejectingRecipient());
        _burning = address(new GasBurningRecipient());
        uint256[] memory keys = new uint256[](5);
        for (uint256 i; i < 5; ++i) {
            keys[i] = FIRST_KEY + i;
        }
        _sortByAddress(keys);
        inbox = new SettlementInbox(DESTINATION, address(this), _addresses(keys), 3, 1 hours);
        _current = keys;
    }

    function batchCount() external view returns (uint256) {
        return _batches.length;
    }

    function headerOf(uint256 index) external view returns (ISettlementInbox.BatchHeader memory) {
        return _batches[index].header;
    }

    // ---- honest work ----

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
        uint256[] memory signers = _quorum();
        if (mode == 0) {
            signers = _prefix(signers, signers.length - 1);
        } else if (mode == 1) {
            signers[seed % signers.length] = OUTSIDER_KEY;
            _sortByAddress(signers);
        } else if (mode == 2) {
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

    /// @notice One-shot batches that must be refused: too few signatures, an outsider among them, or a
    ///         message list that is not the signed one.
    function forgeOneShot(uint256 seed) external {
        (bytes[] memory messages, bytes32[] memory ids,,) = _dispatch(0, 2);
        ISettlementInbox.BatchHeader memory header = _nextHeader(ids);
        uint256 mode = seed % 3;
        uint256[] memory signers = _quorum();
        if (mode == 0) {
            signers = _prefix(signers, signers.length - 1);
        } else if (mode == 1) {
            signers[seed % signers.length] = OUTSIDER_KEY;
            _sortByAddress(signers);
        } else {
            (bytes[] memory other,,,) = _dispatch(0, 1);
            messages[seed & 1] = other[0];
        }
        try inbox.submitAndExecute{gas: EXECUTE_GAS}(header, _pack(messages), _sign(inbox.digest(header), signers)) {
            forgedAccepted = true;
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

    // ---- helpers ----

    function _dispatch(uint256 seed, uint256 n)
        private
        returns (bytes[] memory messages, bytes32[] memory ids, Kind[] memory kinds, uint256[] memory tags)
    {
        messages = new bytes[](n);
        ids = new bytes32[](n);
        kinds = new Kind[](n);
        tags = new uint256[](n);
        vm.recordLogs();
        for (uint256 i; i < n; ++i) {
            kinds[i] = Kind((seed >> (8 * i)) % 5);
            tags[i] = nextTag++;
            ids[i] = outbox.dispatch(DESTINATION, bytes32(uint256(uint160(_recipient(kinds[i])))), abi.encode(tags[i]));
        }
        Vm.Log[] memory logs = vm.getRecordedLogs();
        uint256 found;
        for (uint256 j; j < logs.length; ++j) {
            if (logs[j].emitter != address(outbox) || logs[j].topics[0] != Outbox.Dispatch.selector) continue;
            messages[found] = abi.decode(logs[j].data, (bytes));
            require(keccak256(messages[found]) == ids[found], "Dispatch message does not hash to its id");
            ++found;
        }
        require(found == n, "one Dispatch per message");
    }

    function _oneShot(bytes[] memory messages, bytes32[] memory ids, Kind[] memory kinds, uint256[] memory tags)
        private
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

    /// @dev Keeps a settled batch for later executions and the invariants.
    function _record(
        ISettlementInbox.BatchHeader memory header,
        bytes[] memory messages,
        bytes32[] memory ids,
        Kind[] memory kinds,
        uint256[] memory tags
    ) private {
        Batch storage b = _batches.push();
        b.header = header;
        for (uint256 i; i < ids.length; ++i) {
            b.messages.push(messages[i]);
            b.ids.push(ids[i]);
            b.kinds.push(kinds[i]);
            b.tags.push(tags[i]);
            if (kinds[i] <= Kind.Counting2) settledTag[tags[i]] = true;
        }
    }

    /// @dev PROTOCOL.md "One-shot settlement": each message as a 3-byte length, then its bytes.
    function _pack(bytes[] memory messages) private pure returns (bytes memory packed) {
        for (uint256 i; i < messages.length; ++i) {
            packed = abi.encodePacked(packed, bytes3(uint24(messages[i].length)), messages[i]);
        }
    }

    function _recipient(Kind kind) private view returns (address) {
        if (kind <= Kind.Counting2) return address(counting);
        if (kind == Kind.Rejecting) return _rejecting;
        if (kind == Kind.GasBurning) return _burning;
        return NO_CODE;
    }

    function _nextHeader(bytes32[] memory ids) private view returns (ISettlementInbox.BatchHeader memory) {
        return ISettlementInbox.BatchHeader({
            destination: DESTINATION,
            batchIndex: inbox.nextBatchIndex(),
            root: MerkleMultiproof.rootFromLeaves(ids),
            messageCount: uint32(ids.length),
            previousBatchHash: inbox.lastBatchHash()
        });
    }

    /// The first `threshold` current keys (ascending by address, as signatures must be).
    function _quorum() private view returns (uint256[] memory) {
        return _prefix(_current, inbox.threshold());
    }

    function _newSet(uint256 seed) private pure returns (uint256[] memory keys, uint8 threshold) {
        uint256 n = 1 + seed % 5;
        uint256 start = (seed >> 8) % KEY_POOL;
        keys = new uint256[](n);
        for (uint256 i; i < n; ++i) {
            keys[i] = FIRST_KEY + (start + i) % KEY_POOL;
        }
        _sortByAddress(keys);
        threshold = uint8(n / 2 + 1 + (seed >> 16) % (n - n / 2));
    }

    /// Old members outside `keys` join the removed list; members again leave it.
    function _retire(uint256[] memory keys) private {
        for (uint256 i; i < _current.length; ++i) {
            if (!_contains(keys, _current[i]) && !_contains(_removed, _current[i])) _removed.push(_current[i]);
        }
        for (uint256 i; i < _removed.length;) {
            if (_contains(keys, _removed[i])) {
                _removed[i] = _removed[_removed.length - 1];
                _removed.pop();
            } else {
                ++i;
            }
        }
        _current = keys;
    }

    function _sign(bytes32 digest, uint256[] memory keys) private pure returns (bytes[] memory signatures) {
        signatures = new bytes[](keys.length);
        for (uint256 i; i < keys.length; ++i) {
            (uint8 v, bytes32 r, bytes32 s) = vm.sign(keys[i], digest);
            signatures[i] = abi.encodePacked(r, s, v);
        }
    }

    /// Multiproof of the ascending `indices` (PROTOCOL.md "Batch Merkle tree"): level by level,
    /// bottom-up, the siblings of known nodes that are not known themselves, zero padding included.
    function _multiproof(bytes32[] memory leaves, uint32[] memory indices) private pure returns (bytes32[] memory proof) {
        uint256 width = 1;
        while (width < leaves.length) width <<= 1;
        bytes32[] memory layer = new bytes32[](width);
        for (uint256 i; i < leaves.length; ++i) {
            layer[i] = leaves[i];
        }
        bool[] memory known = new bool[](width);
        for (uint256 i; i < indices.length; ++i) {
            known[indices[i]] = true;
        }
        bytes32[] memory out = new bytes32[](width);
        uint256 count;
        for (; width > 1; width /= 2) {
            for (uint256 i; i < width; ++i) {
                if (known[i] && !known[i ^ 1]) out[count++] = layer[i ^ 1];
            }
            for (uint256 i; i < width / 2; ++i) {
                layer[i] = keccak256(abi.encodePacked(layer[2 * i], layer[2 * i + 1]));
                known[i] = known[2 * i] || known[2 * i + 1];
            }
        }
        proof = new bytes32[](count);
        for (uint256 i; i < count; ++i) {
            proof[i] = out[i];
        }
    }

    function _addresses(uint256[] memory keys) private pure returns (address[] memory set) {
        set = new address[](keys.length);
        for (uint256 i; i < keys.length; ++i) {
            set[i] = vm.addr(keys[i]);
        }
    }

    function _sortByAddress(uint256[] memory keys) private pure {
        for (uint256 i = 1; i < keys.length; ++i) {
            uint256 key = keys[i];
            address a = vm.addr(key);
            uint256 j = i;
            while (j > 0 && vm.addr(keys[j - 1]) > a) {
                keys[j] = keys[j - 1];
                --j;
            }
            keys[j] = key;
        }
    }

    function _prefix(uint256[] memory keys, uint256 n) private pure returns (uint256[] memory out) {
        out = new uint256[](n);
        for (uint256 i; i < n; ++i) {
            out[i] = keys[i];
        }
    }

    function _contains(uint256[] memory keys, uint256 key) private pure returns (bool) {
        for (uint256 i; i < keys.length; ++i) {
            if (keys[i] == key) return true;
        }
        return false;
    }

    function _one(bytes32 id) private pure returns (bytes32[] memory ids) {
        ids = new bytes32[](1);
        ids[0] = id;
    }
}
