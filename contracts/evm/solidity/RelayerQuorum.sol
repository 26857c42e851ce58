// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {ISettlementInbox} from "./ISettlementInbox.sol";

/// @title RelayerQuorum
/// @notice The k-of-n relayer set behind SettlementInbox, its guardian (pause, rotation) and the
///         EIP-712 signature check of PROTOCOL.md "Batch header and its signatures".
/// @dev Membership is `_memberOfVersion[relayer] == relayerSetVersion`, so a rotation never has to
///      clear the old set: bumping the version drops every old member in one write.
abstract contract RelayerQuorum is ISettlementInbox {
    bytes32 public constant BATCH_HEADER_TYPEHASH = keccak256(
        "BatchHeader(uint32 destination,uint64 batchIndex,bytes32 root,uint32 messageCount,bytes32 previousBatchHash)"
    );
    bytes32 private constant DOMAIN_TYPEHASH =
        keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)");
    /// secp256k1n / 2: the low-s bound (EIP-2).
    uint256 private constant HALF_ORDER = 0x7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0;

    uint256 private immutable _cachedChainId;
    bytes32 private immutable _cachedDomainSeparator;

    // One slot: everything submitBatch reads besides the batch hashes.
    /// @notice Index the next settled batch must carry.
    uint64 public nextBatchIndex;
    /// @notice Signatures needed from the current set.
    uint8 public threshold;
    bool public paused;
    /// @notice Bumped by every rotation; starts at 1.
    uint32 public relayerSetVersion;

    address public guardian;
    address[] private _relayers;
    mapping(address relayer => uint32 version) private _memberOfVersion;

    modifier onlyGuardian() {
        if (msg.sender != guardian) revert NotGuardian(msg.sender);
        _;
    }

    constructor(address guardian_, address[] memory relayers_, uint8 threshold_) {
        if (guardian_ == address(0)) revert ZeroAddress();
        guardian = guardian_;
        _setRelayerSet(relayers_, threshold_);
        _cachedChainId = block.chainid;
        _cachedDomainSeparator = _buildDomainSeparator();
    }

    /// @notice The current relayer set.
    function relayers() external view returns (address[] memory) {
        return _relayers;
    }

    /// @notice EIP-712 domain `{ name: "relaymesh", version: "1", chainId, verifyingContract: this }`.
    function domainSeparator() public view returns (bytes32) {
        return block.chainid == _cachedChainId ? _cachedDomainSeparator : _buildDomainSeparator();
    }

    function pause() external onlyGuardian {
        paused = true;
        emit PauseSet(true);
    }

    function unpause() external onlyGuardian {
        paused = false;
        emit PauseSet(false);
    }

    /// @notice Rotates the relayer set; signatures of removed relayers stop counting at once.
    function setRelayerSet(address[] calldata relayers_, uint8 threshold_) external onlyGuardian {
        _setRelayerSet(relayers_, threshold_);
    }

    function transferGuardian(address newGuardian) external onlyGuardian {
        if (newGuardian == address(0)) revert ZeroAddress();
        emit GuardianTransferred(guardian, newGuardian);
        guardian = newGuardian;
    }

    /// @dev No zero address (ecrecover's failure value must never be a member), no duplicates (one
    ///      relayer must not hold two votes), 0 < threshold <= n (a zero quorum accepts anything, one
    ///      above n accepts nothing).
    function _setRelayerSet(address[] memory relayers_, uint8 threshold_) private {
        uint256 n = relayers_.length;
        if (threshold_ == 0 || threshold_ > n) revert InvalidThreshold(threshold_, n);
        uint32 version = relayerSetVersion + 1;
        for (uint256 i; i < n; ++i) {
            address relayer = relayers_[i];
            if (relayer == address(0)) revert ZeroAddress();
            if (_memberOfVersion[relayer] == version) revert DuplicateRelayer(relayer);
            _memberOfVersion[relayer] = version;
        }
        relayerSetVersion = version;
        threshold = threshold_;
        _relayers = relayers_;
        emit RelayerSetUpdated(version, relayers_, threshold_);
    }

    function _digest(bytes32 structHash) internal view returns (bytes32 result) {
        bytes32 separator = domainSeparator();
        assembly ("memory-safe") {
            let ptr := mload(0x40)
            mstore(ptr, hex"1901")
            mstore(add(ptr, 0x02), separator)
            mstore(add(ptr, 0x22), structHash)
            result := keccak256(ptr, 0x42)
        }
    }

    /// @dev PROTOCOL.md: 65-byte r ++ s ++ v, low-s, strictly ascending signers, all in the current
    ///      set, at least `threshold` of them. Counting before recovering fails cheap batches fast.
    function _verifyQuorum(bytes32 hash, bytes[] calldata signatures) internal view {
        uint256 need = threshold;
        uint256 count = signatures.length;
        if (count < need) revert InsufficientQuorum(count, need);
        uint32 version = relayerSetVersion;
        address previous;
        for (uint256 i; i < count; ++i) {
            address signer = _recover(hash, signatures[i], i);
            if (signer <= previous) {
                if (signer == previous) revert DuplicateSigner(signer);
                revert SignersNotSorted(signer, previous);
            }
            if (_memberOfVersion[signer] != version) revert UnknownSigner(signer);
            previous = signer;
        }
    }

    function _recover(bytes32 hash, bytes calldata signature, uint256 position) private pure returns (address signer) {
        if (signature.length != 65) revert InvalidSignature(position);
        bytes32 r;
        uint256 s;
        uint8 v;
        assembly {
            r := calldataload(signature.offset)
            s := calldataload(add(signature.offset, 0x20))
            v := byte(0, calldataload(add(signature.offset, 0x40)))
        }
        if (s > HALF_ORDER) revert SignatureMalleable(position);
        if (v != 27 && v != 28) revert InvalidSignature(position);
        signer = ecrecover(hash, v, r, bytes32(s));
        if (signer == address(0)) revert InvalidSignature(position);
    }

    function _buildDomainSeparator() private view returns (bytes32) {
        return keccak256(
            abi.encode(DOMAIN_TYPEHASH, keccak256("relaymesh"), keccak256("1"), block.chainid, address(this))
        );
    }
}
