// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {CrossChainToken} from "../solidity/CrossChainToken.sol";
import {Outbox} from "../solidity/Outbox.sol";
import {Ownable2Step} from "../solidity/Ownable2Step.sol";
import {RateLimiter} from "../solidity/RateLimiter.sol";
import {ForgeTest} from "./Vm.sol";

/// @notice Fuzzed properties of CrossChainToken's safeguards. This contract is the
///         token's owner and its inbox, so it can call `handle` as a proven message would.
contract CrossChainTokenTest is ForgeTest {
    uint32 private constant EVM_REMOTE = 56;
    uint32 private constant SOLANA_REMOTE = 1399811149;
    bytes32 private constant ROUTER = bytes32(uint256(0xB0B));
    CrossChainToken private token;

    function setUp() public {
        token = new CrossChainToken("T", "T", type(uint128).max, new Outbox(1), address(this));
        token.enrollRemoteRouter(EVM_REMOTE, ROUTER, true);
        token.enrollRemoteRouter(SOLANA_REMOTE, ROUTER, false);
    }

    /// The source burns only for a recipient the destination can mint to.
    function testFuzz_sourceRefusesRecipientsTheDestinationCannotMintTo(bytes32 recipient, bool evm) public {
        uint32 destination = evm ? EVM_REMOTE : SOLANA_REMOTE;
        bool mintable = recipient != bytes32(0) && (!evm || uint256(recipient) >> 160 == 0);
        uint256 supply = token.totalSupply();
        if (!mintable) vm.expectRevert(abi.encodeWithSelector(CrossChainToken.InvalidRecipient.selector, recipient));
        token.transferRemote(destination, recipient, 1);
        _assertEq(token.totalSupply(), mintable ? supply - 1 : supply, "supply");
    }

    /// Over any window, a bucket lets through at most its capacity plus what it refilled, and a
    /// transfer within capacity always passes once the bucket had time to refill.
    function testFuzz_outboundNeverExceedsCapacityPlusRefill(uint128 capacity, uint128 rate, uint256 seed) public {
        capacity = uint128(2 + capacity % 1e24);
        rate = uint128(1 + rate % (capacity - 1));
        token.setRateLimits(EVM_REMOTE, RateLimiter.Config(true, capacity, rate), RateLimiter.Config(false, 0, 0));
        uint256 start = block.timestamp;
        uint256 sent;
        for (uint256 i; i < 12; ++i) {
            seed = uint256(keccak256(abi.encode(seed)));
            vm.warp(block.timestamp + seed % (2 * (capacity / rate) + 2));
            uint256 amount = 1 + (seed >> 64) % (capacity + capacity / 4);
            try token.transferRemote(EVM_REMOTE, ROUTER, amount) {
                sent += amount;
            } catch {}
            _assertTrue(sent <= capacity + rate * (block.timestamp - start), "outbound above capacity + refill");
        }
        vm.warp(block.timestamp + capacity / rate + 1);
        token.transferRemote(EVM_REMOTE, ROUTER, capacity);
    }

    /// The same for mints: what arrives from a domain is bounded by its inbound bucket.
    function testFuzz_inboundNeverExceedsCapacityPlusRefill(uint128 capacity, uint128 rate, uint256 seed) public {
        capacity = uint128(2 + capacity % 1e24);
        rate = uint128(1 + rate % (capacity - 1));
        token.setRateLimits(EVM_REMOTE, RateLimiter.Config(false, 0, 0), RateLimiter.Config(true, capacity, rate));
        address to = address(0xA11CE);
        uint256 start = block.timestamp;
        for (uint256 i; i < 12; ++i) {
            seed = uint256(keccak256(abi.encode(seed)));
            vm.warp(block.timestamp + seed % (2 * (capacity / rate) + 2));
            uint256 amount = 1 + (seed >> 64) % (capacity + capacity / 4);
            try token.handle(EVM_REMOTE, ROUTER, abi.encode(bytes32(uint256(uint160(to))), amount)) {} catch {}
            _assertTrue(token.balanceOf(to) <= capacity + rate * (block.timestamp - start), "inbound above capacity + refill");
        }
    }

    /// Ownership moves only when the named successor accepts.
    function testFuzz_ownershipMovesInTwoSteps(address next, address other) public {
        vm.assume(next != address(this) && other != next && next != address(0));
        token.transferOwnership(next);
        _assertTrue(token.owner() == address(this), "owner changed before acceptance");
        vm.expectRevert(abi.encodeWithSelector(Ownable2Step.NotPendingOwner.selector, other));
        vm.prank(other);
        token.acceptOwnership();
        vm.prank(next);
        token.acceptOwnership();
        _assertTrue(token.owner() == next && token.pendingOwner() == address(0), "ownership not moved");
        vm.expectRevert(abi.encodeWithSelector(Ownable2Step.NotOwner.selector, address(this)));
        token.setRateLimits(EVM_REMOTE, RateLimiter.Config(false, 0, 0), RateLimiter.Config(false, 0, 0));
    }
}
