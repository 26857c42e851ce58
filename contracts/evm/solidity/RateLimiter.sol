// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

/// @title RateLimiter
/// @notice Token bucket rate limiting, shaped after Chainlink CCIP token pools' `RateLimiter`: a
///         bucket holds up to `capacity` tokens, refills at `rate` tokens a second, and every transfer
///         takes its amount out of it. A disabled bucket lets everything through.
/// @dev uint128 amounts are plenty for token amounts of an 18-decimals token (3.4e20 whole tokens).
library RateLimiter {
    struct TokenBucket {
        uint128 tokens;
        uint32 lastUpdated;
        bool isEnabled;
        uint128 capacity;
        uint128 rate;
    }

    struct Config {
        bool isEnabled;
        uint128 capacity;
        uint128 rate;
    }

    /// A single transfer above the bucket's capacity can never pass, however long it waits.
    error TokenMaxCapacityExceeded(uint256 capacity, uint256 requested);
    /// Not enough tokens in the bucket now: retry after `minWaitInSeconds`.
    error TokenRateLimitReached(uint256 minWaitInSeconds, uint256 available);
    /// An enabled bucket needs 0 < rate < capacity (CCIP's rule: a bucket that refills in under a
    /// second limits nothing).
    error InvalidRateLimitRate(Config config);
    /// A disabled bucket carries no rate or capacity, so enabling it later is an explicit choice.
    error DisabledNonZeroRateLimit(Config config);

    /// @notice Takes `amount` out of the bucket after refilling it; reverts when it does not fit.
    function consume(TokenBucket storage bucket, uint256 amount) internal {
        if (!bucket.isEnabled || amount == 0) return;
        TokenBucket memory b = refilled(bucket);
        if (amount > b.capacity) revert TokenMaxCapacityExceeded(b.capacity, amount);
        if (amount > b.tokens) {
            // Round up: waiting the floor would still be one token short.
            revert TokenRateLimitReached((amount - b.tokens + b.rate - 1) / b.rate, b.tokens);
        }
        bucket.tokens = b.tokens - uint128(amount); // amount <= tokens < 2^128
        bucket.lastUpdated = b.lastUpdated;
    }

    /// @notice The bucket as it stands now (refilled since its last update).
    function refilled(TokenBucket memory bucket) internal view returns (TokenBucket memory) {
        uint256 elapsed = block.timestamp - bucket.lastUpdated;
        if (elapsed != 0) {
            uint256 tokens = uint256(bucket.tokens) + elapsed * bucket.rate;
            bucket.tokens = uint128(tokens < bucket.capacity ? tokens : bucket.capacity);
            bucket.lastUpdated = uint32(block.timestamp);
        }
        return bucket;
    }

    /// @notice Applies a new configuration. The bucket keeps what it held (refilled, capped at the new
    ///         capacity); a bucket being enabled starts full.
    function setConfig(TokenBucket storage bucket, Config memory config) internal {
        validate(config);
        TokenBucket memory b = refilled(bucket);
        uint128 tokens = b.isEnabled ? (b.tokens < config.capacity ? b.tokens : config.capacity) : config.capacity;
        bucket.tokens = tokens;
        bucket.lastUpdated = uint32(block.timestamp);
        bucket.isEnabled = config.isEnabled;
        bucket.capacity = config.capacity;
        bucket.rate = config.rate;
    }

    function validate(Config memory config) internal pure {
        if (config.isEnabled) {
            if (config.rate == 0 || config.rate >= config.capacity) revert InvalidRateLimitRate(config);
        } else if (config.rate != 0 || config.capacity != 0) {
            revert DisabledNonZeroRateLimit(config);
        }
    }
}
