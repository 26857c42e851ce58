/**
 * Whether a tx's fee cap is below what the next block may charge: its base fee may be up to 12.5% above the
 * latest one's (EIP-1559), and a node checks a tx against that. A lost tx the node refuses for this is re-signed
 * at the same nonce with fees that pass; any other refusal is left as it is (re-signing would only ratchet the
 * fees up).
 *
 * @example
 * isFeeCapBelowNextBaseFee(1_000n, 1_000n) // true: the next block may charge 1125
 */
export function isFeeCapBelowNextBaseFee(maxFeePerGas: bigint, latestBaseFeePerGas: bigint): boolean {
  return maxFeePerGas * 1000n < latestBaseFeePerGas * 1125n
}
