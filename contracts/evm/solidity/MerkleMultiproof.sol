// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

/// @title MerkleMultiproof
/// @notice The batch Merkle tree of PROTOCOL.md "Batch Merkle tree": leaves are message ids, depth
///         d = ceil(log2(n)), the leaf layer padded to 2^d with bytes32(0), inner node =
///         keccak256(left ++ right). Single proofs and multiproofs bind the leaf index (index < n).
/// @dev Hashing runs in Yul on the scratch space (0x00..0x3f): two mstores and one keccak per node,
///      no memory growth per level.
library MerkleMultiproof {
    /// @notice d = ceil(log2(n)); n = 1 gives 0 (the root is the single leaf).
    function depth(uint256 n) internal pure returns (uint256 d) {
        while ((uint256(1) << d) < n) ++d;
    }

    /// @notice Root over `leaves`, padding to a power of two with zero leaves.
    /// @dev Works on a copy, so `leaves` is left intact. Padding is never materialised: at each level
    ///      an odd last node pairs with Z_L, the root of an all-zero subtree of height L
    ///      (Z_0 = 0, Z_{L+1} = keccak256(Z_L ++ Z_L)), which is what the padded tree holds there.
    function rootFromLeaves(bytes32[] memory leaves) internal pure returns (bytes32 root) {
        uint256 n = leaves.length;
        require(n > 0); // PROTOCOL.md: n >= 1
        uint256 ptr;
        assembly ("memory-safe") {
            ptr := mload(0x40)
            mcopy(ptr, add(leaves, 0x20), shl(5, n))
        }
        root = _reduce(ptr, n);
    }

    /// @notice Root over calldata leaves (SettlementInbox.submitBatch recomputes the header root).
    function rootFromCalldata(bytes32[] calldata leaves) internal pure returns (bytes32 root) {
        uint256 n = leaves.length;
        require(n > 0); // PROTOCOL.md: n >= 1
        uint256 ptr;
        assembly ("memory-safe") {
            ptr := mload(0x40)
            calldatacopy(ptr, leaves.offset, shl(5, n))
        }
        root = _reduce(ptr, n);
    }

    /// @dev Reduces `count` nodes at `ptr` level by level, in place. Needs one spare word past the
    ///      nodes (for the Z_L of an odd level); that memory is above the free pointer and never claimed.
    function _reduce(uint256 ptr, uint256 count) private pure returns (bytes32 root) {
        assembly ("memory-safe") {
            let zero := 0
            for {} gt(count, 1) {} {
                if and(count, 1) { mstore(add(ptr, shl(5, count)), zero) }
                let parents := shr(1, add(count, 1))
                for { let i := 0 } lt(i, parents) { i := add(i, 1) } {
                    mstore(add(ptr, shl(5, i)), keccak256(add(ptr, shl(6, i)), 0x40))
                }
                count := parents
                mstore(0x00, zero)
                mstore(0x20, zero)
                zero := keccak256(0x00, 0x40)
            }
            root := mload(ptr)
        }
    }

    /// @notice Single proof: `d` sibling hashes, bottom-up (PROTOCOL.md "Single proof").
    /// @dev `index < n` is required so that a proof cannot be replayed at a padding position or at an
    ///      index aliasing another leaf; `proof.length == d` so that an inner node cannot pose as a leaf.
    function verify(bytes32 root, uint256 n, uint256 index, bytes32 leaf, bytes32[] calldata proof)
        internal
        pure
        returns (bool)
    {
        if (index >= n || proof.length != depth(n)) return false;
        bytes32 node = leaf;
        assembly ("memory-safe") {
            let end := add(proof.offset, shl(5, proof.length))
            for { let p := proof.offset } lt(p, end) { p := add(p, 0x20) } {
                let sibling := calldataload(p)
                switch and(index, 1)
                case 0 { mstore(0x00, node) mstore(0x20, sibling) }
                default { mstore(0x00, sibling) mstore(0x20, node) }
                node := keccak256(0x00, 0x40)
                index := shr(1, index)
            }
        }
        return node == root;
    }

    /// @notice Multiproof over `leaves` at strictly ascending `indices` (PROTOCOL.md "Multiproof").
    /// @dev Rejections, all returning false: no leaves or a length mismatch; an index >= n (binds
    ///      leaves to real positions); indices not strictly ascending (the proof order is defined by
    ///      it, and a duplicate would let one leaf be counted twice); the proof running out; proof
    ///      hashes left over after d levels (the spec requires exact consumption, so one tree has
    ///      exactly one valid proof for a given index set). Known nodes are kept as (index, hash)
    ///      pairs and each level's parents are written in place over their children.
    function verifyMultiproof(
        bytes32 root,
        uint256 n,
        uint32[] calldata indices,
        bytes32[] memory leaves,
        bytes32[] calldata proof
    ) internal pure returns (bool) {
        uint256 count = leaves.length;
        if (count == 0 || count != indices.length) return false;
        uint256 work = _loadKnownNodes(n, indices, leaves);
        if (work == 0) return false;
        uint256 d = depth(n);
        uint256 used;
        for (uint256 level; level < d; ++level) {
            (count, used) = _climb(work, count, proof, used);
            if (count == 0) return false;
        }
        // After d levels exactly one node (index 0) remains; every proof hash must be consumed.
        bytes32 top;
        uint256 topIndex;
        assembly ("memory-safe") {
            topIndex := mload(work)
            top := mload(add(work, 0x20))
        }
        return count == 1 && topIndex == 0 && used == proof.length && top == root;
    }

    /// @dev One level: walks the known (index, hash) pairs in ascending order and writes their parents
    ///      in place. Returns count 0 when the proof runs out.
    function _climb(uint256 work, uint256 count, bytes32[] calldata proof, uint256 used)
        private
        pure
        returns (uint256 write, uint256 usedAfter)
    {
        assembly ("memory-safe") {
            let read := 0
            for {} lt(read, count) {} {
                let entry := add(work, shl(6, read))
                let i := mload(entry)
                // The sibling is known when the next node is i ^ 1 (only for even i, as indices ascend).
                switch and(lt(add(read, 1), count), eq(mload(add(entry, 0x40)), xor(i, 1)))
                case 1 {
                    mstore(0x00, mload(add(entry, 0x20)))
                    mstore(0x20, mload(add(entry, 0x60)))
                    read := add(read, 2)
                }
                default {
                    if iszero(lt(used, proof.length)) {
                        write := 0
                        break
                    }
                    let sibling := calldataload(add(proof.offset, shl(5, used)))
                    used := add(used, 1)
                    switch and(i, 1)
                    case 0 { mstore(0x00, mload(add(entry, 0x20))) mstore(0x20, sibling) }
                    default { mstore(0x00, sibling) mstore(0x20, mload(add(entry, 0x20))) }
                    read := add(read, 1)
                }
                let out := add(work, shl(6, write))
                mstore(out, shr(1, i))
                mstore(add(out, 0x20), keccak256(0x00, 0x40))
                write := add(write, 1)
            }
            usedAfter := used
        }
    }

    /// @dev Copies (index, leaf) pairs into scratch memory past the free pointer, checking that indices
    ///      strictly ascend and stay below n. Returns 0 when they do not.
    function _loadKnownNodes(uint256 n, uint32[] calldata indices, bytes32[] memory leaves)
        private
        pure
        returns (uint256 work)
    {
        assembly ("memory-safe") {
            work := mload(0x40)
            let count := mload(leaves)
            let previous := 0
            for { let j := 0 } lt(j, count) { j := add(j, 1) } {
                let i := calldataload(add(indices.offset, shl(5, j)))
                // i > 0xffffffff cannot happen after ABI decoding of uint32[], but calldata is raw here.
                if or(iszero(lt(i, n)), or(gt(i, 0xffffffff), and(gt(j, 0), iszero(gt(i, previous))))) {
                    work := 0
                    break
                }
                previous := i
                let entry := add(work, shl(6, j))
                mstore(entry, i)
                mstore(add(entry, 0x20), mload(add(leaves, shl(5, add(j, 1)))))
            }
        }
    }
}
