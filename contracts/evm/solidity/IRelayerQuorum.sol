// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

/// @title IRelayerQuorum
/// @notice Governance of the settlement inbox: the k-of-n relayer set, its quorum-signed and delayed
///         rotation, and the pause role. Each error's comment says why the rejection exists.
interface IRelayerQuorum {
    /// @notice A rotation applied: from now on only `relayers` sign, `threshold` of them per batch.
    event RelayerSetUpdated(uint32 indexed version, address[] relayers, uint8 threshold);
    /// @notice The current quorum signed a new set; anyone may apply it from `eta` on.
    event RelayerSetProposed(uint64 indexed nonce, address[] relayers, uint8 threshold, address pauser, uint64 eta);
    event PauserSet(address indexed pauser);
    event PauseSet(bool paused);

    /// Pausing is an emergency brake held by one key, apart from the relayer set: it can stop
    /// settlement and execution, never rotate the set.
    error NotPauser(address caller);
    /// ecrecover returns zero on failure, so zero must never be a member; a zero pauser would leave
    /// nobody able to pause or unpause.
    error ZeroAddress();
    /// One relayer must never hold two votes.
    error DuplicateRelayer(address relayer);
    /// A proposed set lists its relayers in strictly ascending order (one comparison per member finds
    /// duplicates and the zero address without touching storage).
    error RelayersNotSorted(address relayer, address previous);
    /// A quorum must be a majority of the set (2 * threshold > n, threshold <= n): two disjoint
    /// quorums could otherwise sign two conflicting batches, and a minority could rotate the set.
    error InvalidThreshold(uint8 threshold, uint256 relayers);
    /// The rotation delay must leave pending batches, signed by the old set, time to settle, and
    /// watchers time to react before a new set takes over.
    error InvalidRotationDelay(uint256 delay, uint256 minimum);
    /// applyRelayerSet with nothing proposed.
    error NoPendingRotation();
    /// A proposed set takes effect only once its delay has passed.
    error RotationNotReady(uint64 eta, uint256 timestamp);
}
