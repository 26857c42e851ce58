// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {IRelayerQuorum} from "../solidity/IRelayerQuorum.sol";
import {ISettlementInbox} from "../solidity/ISettlementInbox.sol";
import {SettlementInbox} from "../solidity/SettlementInbox.sol";
import {ForgeTest} from "./Vm.sol";

/// @notice Fuzzed properties of the inbox's governance.
contract GovernanceTest is ForgeTest {
    uint32 private constant DESTINATION = 31356;

    function _set(uint256 n, uint256 salt) private pure returns (address[] memory set, uint256[] memory keys) {
        set = new address[](n);
        keys = new uint256[](n);
        for (uint256 i; i < n; ++i) {
            keys[i] = uint256(keccak256(abi.encode(salt, i))) % (type(uint128).max - 1) + 1;
            set[i] = vm.addr(keys[i]);
        }
    }

    /// A deployment's quorum is a majority of its set and at most the whole set.
    function testFuzz_thresholdMustBeAMajority(uint8 n, uint8 threshold) public {
        n = uint8(1 + n % 12);
        (address[] memory set,) = _set(n, n);
        bool valid = threshold <= n && 2 * uint256(threshold) > n;
        if (!valid) vm.expectRevert(abi.encodeWithSelector(IRelayerQuorum.InvalidThreshold.selector, threshold, uint256(n)));
        SettlementInbox inbox = new SettlementInbox(DESTINATION, address(this), set, threshold, 1 hours);
        if (valid) _assertEq(inbox.threshold(), threshold, "threshold");
    }

    function testFuzz_rotationDelayIsAtLeastAnHour(uint64 delay) public {
        (address[] memory set,) = _set(3, 1);
        if (delay < 1 hours) vm.expectRevert(abi.encodeWithSelector(IRelayerQuorum.InvalidRotationDelay.selector, uint256(delay), uint256(1 hours)));
        new SettlementInbox(DESTINATION, address(this), set, 2, delay);
    }

    /// Only the pauser pauses; the pauser holds no other power (its signature is not a relayer's).
    function testFuzz_onlyThePauserPauses(address caller) public {
        (address[] memory set,) = _set(3, 2);
        SettlementInbox inbox = new SettlementInbox(DESTINATION, address(this), set, 2, 1 hours);
        if (caller != address(this)) {
            vm.expectRevert(abi.encodeWithSelector(IRelayerQuorum.NotPauser.selector, caller));
        }
        vm.prank(caller);
        inbox.pause();
        _assertTrue(inbox.paused() == (caller == address(this)), "paused");
    }

    /// A rotation takes effect exactly when its delay has passed, whoever applies it.
    function testFuzz_rotationAppliesOnlyAfterTheDelay(uint64 delay, uint64 wait, address applier) public {
        delay = uint64(1 hours + delay % 30 days);
        wait = wait % (2 * delay);
        (address[] memory set, uint256[] memory keys) = _set(3, 3);
        SettlementInbox inbox = new SettlementInbox(DESTINATION, address(this), set, 2, delay);
        (address[] memory next,) = _set(1, 4);
        bytes32 digest = inbox.relayerSetUpdateDigest(0, next, 1, address(this));
        inbox.proposeRelayerSet(next, 1, address(this), _signSorted(digest, keys, 2));
        uint256 proposedAt = block.timestamp;
        vm.warp(proposedAt + wait);
        if (wait < delay) {
            vm.expectRevert(abi.encodeWithSelector(IRelayerQuorum.RotationNotReady.selector, uint64(proposedAt + delay), proposedAt + wait));
        }
        vm.prank(applier);
        inbox.applyRelayerSet();
        _assertEq(inbox.relayerSetVersion(), wait < delay ? 1 : 2, "version");
    }

    /// Signatures of `count` of `keys`, ascending by signer.
    function _signSorted(bytes32 digest, uint256[] memory keys, uint256 count) private pure returns (bytes[] memory sigs) {
        uint256[] memory sorted = new uint256[](keys.length);
        for (uint256 i; i < keys.length; ++i) {
            uint256 j = i;
            while (j > 0 && vm.addr(sorted[j - 1]) > vm.addr(keys[i])) {
                sorted[j] = sorted[j - 1];
                --j;
            }
            sorted[j] = keys[i];
        }
        sigs = new bytes[](count);
        for (uint256 i; i < count; ++i) {
            (uint8 v, bytes32 r, bytes32 s) = vm.sign(sorted[i], digest);
            sigs[i] = abi.encodePacked(r, s, v);
        }
    }
}
