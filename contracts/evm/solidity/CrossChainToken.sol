// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {IMessageRecipient} from "./IMessageRecipient.sol";
import {Outbox} from "./Outbox.sol";
import {Ownable2Step} from "./Ownable2Step.sol";
import {RateLimiter} from "./RateLimiter.sol";

/// @title CrossChainToken
/// @notice Example DeFi app: a minimal ERC20 that is its own router. `transferRemote` burns here and
///         dispatches `abi.encode(bytes32 recipient, uint256 amount)` to the enrolled router on the
///         destination, whose `handle` mints. Supply moves; it is never created out of thin air.
/// @dev The source refuses a recipient the destination could never mint to (zero, or not
///      an EVM address on an EVM domain), since the burn there is final and the mint would fail on
///      every retry; per-remote-domain token buckets limit what leaves and what arrives (Chainlink
///      CCIP token pools' rate limits), so a compromised route can move only so much per hour.
contract CrossChainToken is IMessageRecipient, Ownable2Step {
    using RateLimiter for RateLimiter.TokenBucket;

    string public name;
    string public symbol;
    uint8 public constant decimals = 18;
    uint256 public totalSupply;
    mapping(address account => uint256) public balanceOf;
    mapping(address owner => mapping(address spender => uint256)) public allowance;

    Outbox public immutable outbox;
    /// @notice The only caller of `handle`: a message is trusted because the inbox proved it.
    address public immutable inbox;
    /// @notice The router (as bytes32) this token trusts on each remote domain.
    mapping(uint32 domain => bytes32 router) public routers;
    /// @notice Whether accounts on the remote domain are EVM addresses (bytes32 with 12 zero high bytes).
    mapping(uint32 domain => bool evm) public evmDomains;
    mapping(uint32 domain => RateLimiter.TokenBucket) private _outboundLimits;
    mapping(uint32 domain => RateLimiter.TokenBucket) private _inboundLimits;

    event Transfer(address indexed from, address indexed to, uint256 value);
    event Approval(address indexed owner, address indexed spender, uint256 value);
    event RemoteRouterEnrolled(uint32 indexed domain, bytes32 router, bool evm);
    /// @notice New rate limits for a remote domain (CCIP's `ChainConfigured`).
    event RateLimitsConfigured(uint32 indexed domain, RateLimiter.Config outbound, RateLimiter.Config inbound);
    /// @notice An enabled bucket paid for a transfer: `inbound` for mints, else burns (CCIP's `TokensConsumed`).
    event TokensConsumed(uint32 indexed domain, bool indexed inbound, uint256 amount);
    event SentTransferRemote(uint32 indexed destination, bytes32 indexed recipient, uint256 amount, bytes32 id);
    event ReceivedTransferRemote(uint32 indexed origin, address indexed recipient, uint256 amount);

    /// `handle` mints, so only the inbox (which proved the message against a settled batch) may call it.
    error NotInbox(address caller);
    /// Any contract can send a message to this token; only the enrolled router's messages are backed by a burn.
    error UnknownRouter(uint32 origin, bytes32 sender);
    /// No router is enrolled for the destination, so nothing there would mint the burned amount.
    error NoRouter(uint32 destination);
    /// Zero is nobody's account, and minting to a truncated non-EVM address would send the funds to
    /// the wrong account: refused at the source before anything burns (and at the destination).
    error InvalidRecipient(bytes32 recipient);
    error InsufficientBalance(address account, uint256 balance, uint256 needed);
    error InsufficientAllowance(address spender, uint256 allowance, uint256 needed);

    constructor(string memory name_, string memory symbol_, uint256 initialSupply, Outbox outbox_, address inbox_)
        Ownable2Step(msg.sender)
    {
        name = name_;
        symbol = symbol_;
        outbox = outbox_;
        inbox = inbox_;
        _mint(msg.sender, initialSupply);
    }

    /// @param evm whether accounts on `domain` are EVM addresses (then `transferRemote` refuses a
    ///        recipient with non-zero high 96 bits)
    function enrollRemoteRouter(uint32 domain, bytes32 router, bool evm) external onlyOwner {
        routers[domain] = router;
        evmDomains[domain] = evm;
        emit RemoteRouterEnrolled(domain, router, evm);
    }

    /// @notice Sets the token buckets for amounts sent to (`outbound`) and received from (`inbound`)
    ///         `domain`. A disabled config (all zero) removes the limit.
    function setRateLimits(uint32 domain, RateLimiter.Config calldata outbound, RateLimiter.Config calldata inbound)
        external
        onlyOwner
    {
        _outboundLimits[domain].setConfig(outbound);
        _inboundLimits[domain].setConfig(inbound);
        emit RateLimitsConfigured(domain, outbound, inbound);
    }

    /// @notice The outbound bucket of `domain` as it stands now.
    function outboundRateLimit(uint32 domain) external view returns (RateLimiter.TokenBucket memory) {
        return RateLimiter.refilled(_outboundLimits[domain]);
    }

    /// @notice The inbound bucket of `domain` as it stands now.
    function inboundRateLimit(uint32 domain) external view returns (RateLimiter.TokenBucket memory) {
        return RateLimiter.refilled(_inboundLimits[domain]);
    }

    /// @notice Burns `amount` from the caller and sends it to `recipient` on `destination`.
    function transferRemote(uint32 destination, bytes32 recipient, uint256 amount) external returns (bytes32 id) {
        bytes32 router = routers[destination];
        if (router == bytes32(0)) revert NoRouter(destination);
        if (recipient == bytes32(0) || (evmDomains[destination] && uint256(recipient) >> 160 != 0)) {
            revert InvalidRecipient(recipient);
        }
        _consume(_outboundLimits[destination], destination, false, amount);
        _burn(msg.sender, amount);
        id = outbox.dispatch(destination, router, abi.encode(recipient, amount));
        emit SentTransferRemote(destination, recipient, amount, id);
    }

    /// @inheritdoc IMessageRecipient
    function handle(uint32 origin, bytes32 sender, bytes calldata payload) external {
        if (msg.sender != inbox) revert NotInbox(msg.sender);
        if (sender == bytes32(0) || routers[origin] != sender) revert UnknownRouter(origin, sender);
        (bytes32 recipient, uint256 amount) = abi.decode(payload, (bytes32, uint256));
        if (recipient == bytes32(0) || uint256(recipient) >> 160 != 0) revert InvalidRecipient(recipient);
        // Over the limit: the revert marks the message failed, and anyone retries it once the bucket refills.
        _consume(_inboundLimits[origin], origin, true, amount);
        address to = address(uint160(uint256(recipient)));
        _mint(to, amount);
        emit ReceivedTransferRemote(origin, to, amount);
    }

    function transfer(address to, uint256 value) external returns (bool) {
        _move(msg.sender, to, value);
        return true;
    }

    function approve(address spender, uint256 value) external returns (bool) {
        allowance[msg.sender][spender] = value;
        emit Approval(msg.sender, spender, value);
        return true;
    }

    function transferFrom(address from, address to, uint256 value) external returns (bool) {
        uint256 allowed = allowance[from][msg.sender];
        if (allowed != type(uint256).max) {
            if (allowed < value) revert InsufficientAllowance(msg.sender, allowed, value);
            allowance[from][msg.sender] = allowed - value;
        }
        _move(from, to, value);
        return true;
    }

    function _move(address from, address to, uint256 value) private {
        uint256 balance = balanceOf[from];
        if (balance < value) revert InsufficientBalance(from, balance, value);
        unchecked {
            balanceOf[from] = balance - value;
        }
        balanceOf[to] += value;
        emit Transfer(from, to, value);
    }

    function _consume(RateLimiter.TokenBucket storage bucket, uint32 domain, bool inbound, uint256 amount) private {
        if (!bucket.isEnabled) return;
        bucket.consume(amount);
        emit TokensConsumed(domain, inbound, amount);
    }

    function _mint(address to, uint256 value) private {
        totalSupply += value;
        balanceOf[to] += value;
        emit Transfer(address(0), to, value);
    }

    function _burn(address from, uint256 value) private {
        uint256 balance = balanceOf[from];
        if (balance < value) revert InsufficientBalance(from, balance, value);
        unchecked {
            balanceOf[from] = balance - value;
            totalSupply -= value;
        }
        emit Transfer(from, address(0), value);
    }
}
