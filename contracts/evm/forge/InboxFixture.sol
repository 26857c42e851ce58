// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {ISettlementInbox} from "../solidity/ISettlementInbox.sol";
import {MerkleMultiproof} from "../solidity/MerkleMultiproof.sol";
import {Outbox} from "../solidity/Outbox.sol";
import {SettlementInbox} from "../solidity/SettlementInbox.sol";
import {CountingRecipient, GasBurningRecipient, RejectingRecipient} from "./Recipients.sol";
import {Vm} from "./Vm.sol";

/// @notice The shared state and helpers of the inbox handlers (InboxHandler, OneShotActions): one inbox,
///         one Outbox whose Dispatch events give the messages, the current relayer keys, the settled
///         batches, and the flags the invariants read. An attack that succeeds, or honest work that is
///         refused, sets a flag. Split from InboxHandler to keep each file under the house limit.
abstract contract InboxFixture {
    Vm internal constant vm = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));
    uint32 public constant ORIGIN = 31337;
    uint32 public constant DESTINATION = 31356;
    uint256 internal constant KEY_POOL = 8;
    uint256 internal constant FIRST_KEY = 0xA11CE;
    uint256 internal constant OUTSIDER_KEY = 0xBAD;
    address internal constant NO_CODE = address(0xDEAD);
    /// Enough for 8 messages at the default gas limit; what a settler would send.
    uint256 internal constant EXECUTE_GAS = 8_000_000;

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
    address internal immutable _rejecting;
    address internal immutable _burning;

    /// Private keys of the current set, ascending by address.
    uint256[] internal _current;
    /// Keys rotated out and not members again.
    uint256[] internal _removed;
    Batch[] internal _batches;

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

    // ---- helpers ----

    function _dispatch(uint256 seed, uint256 n)
        internal
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

    /// @dev Keeps a settled batch for later executions and the invariants.
    function _record(
        ISettlementInbox.BatchHeader memory header,
        bytes[] memory messages,
        bytes32[] memory ids,
        Kind[] memory kinds,
        uint256[] memory tags
    ) internal {
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
    function _pack(bytes[] memory messages) internal pure returns (bytes memory packed) {
        for (uint256 i; i < messages.length; ++i) {
            packed = abi.encodePacked(packed, bytes3(uint24(messages[i].length)), messages[i]);
        }
    }

    function _recipient(Kind kind) internal view returns (address) {
        if (kind <= Kind.Counting2) return address(counting);
        if (kind == Kind.Rejecting) return _rejecting;
        if (kind == Kind.GasBurning) return _burning;
        return NO_CODE;
    }

    function _nextHeader(bytes32[] memory ids) internal view returns (ISettlementInbox.BatchHeader memory) {
        return ISettlementInbox.BatchHeader({
            destination: DESTINATION,
            batchIndex: inbox.nextBatchIndex(),
            root: MerkleMultiproof.rootFromLeaves(ids),
            messageCount: uint32(ids.length),
            previousBatchHash: inbox.lastBatchHash()
        });
    }

    /// The first `threshold` current keys (ascending by address, as signatures must be).
    function _quorum() internal view returns (uint256[] memory) {
        return _prefix(_current, inbox.threshold());
    }

    function _newSet(uint256 seed) internal pure returns (uint256[] memory keys, uint8 threshold) {
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
    function _retire(uint256[] memory keys) internal {
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

    function _sign(bytes32 digest, uint256[] memory keys) internal pure returns (bytes[] memory signatures) {
        signatures = new bytes[](keys.length);
        for (uint256 i; i < keys.length; ++i) {
            (uint8 v, bytes32 r, bytes32 s) = vm.sign(keys[i], digest);
            signatures[i] = abi.encodePacked(r, s, v);
        }
    }

    /// Multiproof of the ascending `indices` (PROTOCOL.md "Batch Merkle tree"): level by level,
    /// bottom-up, the siblings of known nodes that are not known themselves, zero padding included.
    function _multiproof(bytes32[] memory leaves, uint32[] memory indices) internal pure returns (bytes32[] memory proof) {
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

    function _addresses(uint256[] memory keys) internal pure returns (address[] memory set) {
        set = new address[](keys.length);
        for (uint256 i; i < keys.length; ++i) {
            set[i] = vm.addr(keys[i]);
        }
    }

    /// @notice The quorum's keys, spoiled by `mode`: 0 drops one (too few signatures), 1 puts an outsider
    ///         in place of a member; any other mode leaves the full quorum.
    function _forgedSigners(uint256 seed, uint256 mode) internal view returns (uint256[] memory signers) {
        signers = _quorum();
        if (mode == 0) {
            signers = _prefix(signers, signers.length - 1);
        } else if (mode == 1) {
            signers[seed % signers.length] = OUTSIDER_KEY;
            _sortByAddress(signers);
        }
    }

    function _sortByAddress(uint256[] memory keys) internal pure {
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

    function _prefix(uint256[] memory keys, uint256 n) internal pure returns (uint256[] memory out) {
        out = new uint256[](n);
        for (uint256 i; i < n; ++i) {
            out[i] = keys[i];
        }
    }

    function _contains(uint256[] memory keys, uint256 key) internal pure returns (bool) {
        for (uint256 i; i < keys.length; ++i) {
            if (keys[i] == key) return true;
        }
        return false;
    }

    function _one(bytes32 id) internal pure returns (bytes32[] memory ids) {
        ids = new bytes32[](1);
        ids[0] = id;
    }
}
