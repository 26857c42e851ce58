/**
 * Whether a bundle part reaches the verifier for the first time: its first delivery, and not a part the watcher read
 * again for a hint (`REOBSERVED_HEADER`). Only then is an id the store already holds a replay (`REPLAYED_MESSAGE`); a
 * redelivery or a re-read finds its own earlier insert.
 *
 * @example
 * isFirstDelivery({ deliveryCount: 1, reobserved: false }) // true
 */
export function isFirstDelivery(p: { deliveryCount: number; reobserved: boolean }): boolean {
  return p.deliveryCount === 1 && !p.reobserved
}
