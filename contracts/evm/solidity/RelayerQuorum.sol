// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {IRelayerQuorum} from "./IRelayerQuorum.sol";
import {ISettlementInbox} from "./ISettlementInbox.sol";

/// @title RelayerQuorum
/// @notice The k-of-n relayer set behind SettlementInbox, its governance and the EIP-712 signature
///         check of PROTOCOL.md "Batch header and its signatures".
/// @dev Governance: no single key can replace the set. The current quorum signs a new set
///      (EIP-712 `RelayerSetUpdate`), anyone proposes it with those signatures, and anyone applies it
///      once `rotationDelay` has passed, so batches the old set signed can still settle meanwhile. The
///      pauser only pauses and unpauses; a rotation may name a new pauser, so a rogue pauser is
///      replaced by the quorum after one delay. Membership is `_memberOfVersion[relayer] ==
///      relayerSetVersion`: bumping the version drops every old member in one write.
abstract contract RelayerQuorum is ISettlementInbox, IRelayerQuorum {
    bytes32 public constant BATCH_HEADER_TYPEHASH = keccak256(
        "BatchHeader(uint32 destination,uint64 batchIndex,bytes32 root,uint32 messageCount,bytes32 previousBatchHash)"
    );
    bytes32 public constant RELAYER_SET_UPDATE_TYPEHASH =
        keccak256("RelayerSetUpdate(uint64 nonce,address[] relayers,uint8 threshold,address pauser)");
    /// @notice Shortest rotation delay a deployment may choose.
    uint256 public constant MIN_ROTATION_DELAY = 1 hours;
    bytes32 private constant DOMAIN_TYPEHASH =
        keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)");
    /// secp256k1n / 2: the low-s bound (EIP-2).
    uint256 private constant HALF_ORDER = 0x7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0;

    uint256 private immutable _cachedChainId;
    bytes32 private immutable _cachedDomainSeparator;
    /// @notice Seconds between a set's proposal and the earliest time it can be applied.
    uint64 public immutable rotationDelay;

    // One slot: everything submitBatch reads besides the batch hashes.
    /// @notice Index the next settled batch must carry.
    uint64 public nextBatchIndex;
    /// @notice Signatures needed from the current set.
    uint8 public threshold;
    bool public paused;
    /// @notice Bumped by every rotation; starts at 1.
    uint32 public relayerSetVersion;

    address public pauser;
    /// @notice Nonce the next proposed RelayerSetUpdate must be signed for; each proposal uses one, so a
    ///         signed update is proposed at most once and an old one can never be replayed.
    uint64 public rotationNonce;
    address[] private _relayers;
    mapping(address relayer => uint32 version) private _memberOfVersion;

    struct PendingRotation {
        address[] relayers;
        uint8 threshold;
        address pauser;
        /// Zero when nothing is pending.
        uint64 eta;
    }

    PendingRotation private _pending;

    modifier onlyPauser() {
        if (msg.sender != pauser) revert NotPauser(msg.sender);
        _;
    }

    constructor(address pauser_, address[] memory relayers_, uint8 threshold_, uint64 rotationDelay_) {
        if (rotationDelay_ < MIN_ROTATION_DELAY) revert InvalidRotationDelay(rotationDelay_, MIN_ROTATION_DELAY);
        rotationDelay = rotationDelay_;
        _setPauser(pauser_);
        _setRelayerSet(relayers_, threshold_);
        _cachedChainId = block.chainid;
        _cachedDomainSeparator = _buildDomainSeparator();
    }

    /// @notice The current relayer set.
    function relayers() external view returns (address[] memory) {
        return _relayers;
    }

    /// @notice The proposed set waiting for its delay (eta zero when none).
    function pendingRelayerSet()
        external
        view
        returns (address[] memory relayers_, uint8 threshold_, address pauser_, uint64 eta)
    {
        PendingRotation storage p = _pending;
        return (p.relayers, p.threshold, p.pauser, p.eta);
    }

    /// @notice EIP-712 domain `{ name: "relaymesh", version: "1", chainId, verifyingContract: this }`.
    function domainSeparator() public view returns (bytes32) {
        return block.chainid == _cachedChainId ? _cachedDomainSeparator : _buildDomainSeparator();
    }

    function pause() external onlyPauser {
        paused = true;
        emit PauseSet(true);
    }

    function unpause() external onlyPauser {
        paused = false;
        emit PauseSet(false);
    }

    /// @notice The EIP-712 digest the current relayers sign to propose a new set.
    function relayerSetUpdateDigest(uint64 nonce, address[] calldata relayers_, uint8 threshold_, address pauser_)
        public
        view
        returns (bytes32)
    {
        return _digest(_relayerSetUpdateHash(nonce, relayers_, threshold_, pauser_));
    }

    /// @notice Proposes a new relayer set signed by a quorum of the current one (anyone may send it).
    ///         It replaces any pending proposal and can be applied `rotationDelay` seconds from now.
    /// @param relayers_ the new set, strictly ascending
    /// @param signatures the current set's signatures over `relayerSetUpdateDigest(rotationNonce, ...)`,
    ///        ordered by signer as for batches
    function proposeRelayerSet(
        address[] calldata relayers_,
        uint8 threshold_,
        address pauser_,
        bytes[] calldata signatures
    ) external {
        _checkProposedSet(relayers_, threshold_);
        if (pauser_ == address(0)) revert ZeroAddress();
        uint64 nonce = rotationNonce;
        _verifyQuorum(relayerSetUpdateDigest(nonce, relayers_, threshold_, pauser_), signatures);
        rotationNonce = nonce + 1;
        uint64 eta = uint64(block.timestamp) + rotationDelay;
        _pending = PendingRotation({relayers: relayers_, threshold: threshold_, pauser: pauser_, eta: eta});
        emit RelayerSetProposed(nonce, relayers_, threshold_, pauser_, eta);
    }

    /// @notice Applies the pending set once its delay has passed (anyone may send it). From then on
    ///         signatures of relayers outside the new set count for nothing.
    function applyRelayerSet() external {
        PendingRotation memory p = _pending;
        if (p.eta == 0) revert NoPendingRotation();
        if (block.timestamp < p.eta) revert RotationNotReady(p.eta, block.timestamp);
        delete _pending;
        _setRelayerSet(p.relayers, p.threshold);
        if (p.pauser != pauser) _setPauser(p.pauser);
    }

    function _setPauser(address pauser_) private {
        if (pauser_ == address(0)) revert ZeroAddress();
        pauser = pauser_;
        emit PauserSet(pauser_);
    }

    /// @dev A majority quorum (2 * threshold > n) and at most n signers needed.
    function _checkThreshold(uint8 threshold_, uint256 n) private pure {
        if (threshold_ > n || 2 * uint256(threshold_) <= n) revert InvalidThreshold(threshold_, n);
    }

    /// @dev Strictly ascending, so no zero address (the first must exceed zero) and no duplicates.
    function _checkProposedSet(address[] calldata relayers_, uint8 threshold_) private pure {
        _checkThreshold(threshold_, relayers_.length);
        address previous;
        for (uint256 i; i < relayers_.length; ++i) {
            address relayer = relayers_[i];
            if (relayer <= previous) {
                if (relayer == address(0)) revert ZeroAddress();
                if (relayer == previous) revert DuplicateRelayer(relayer);
                revert RelayersNotSorted(relayer, previous);
            }
            previous = relayer;
        }
    }

    /// @dev No zero address (ecrecover's failure value must never be a member), no duplicates (one
    ///      relayer must not hold two votes), a majority threshold. Any order (the constructor's input).
    function _setRelayerSet(address[] memory relayers_, uint8 threshold_) private {
        uint256 n = relayers_.length;
        _checkThreshold(threshold_, n);
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

    /// @dev EIP-712 hashStruct: an address[] member is keccak256 of its elements, each as a 32-byte word.
    function _relayerSetUpdateHash(uint64 nonce, address[] calldata relayers_, uint8 threshold_, address pauser_)
        private
        pure
        returns (bytes32)
    {
        return keccak256(
            abi.encode(RELAYER_SET_UPDATE_TYPEHASH, nonce, keccak256(abi.encodePacked(relayers_)), threshold_, pauser_)
        );
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
