/**
 * Runs `produce` over `items` with up to `concurrency` calls in flight and
 * hands each result to `consume` strictly in item order, one at a time: the
 * watchers fetch several blocks or slots at once (their round trips overlap,
 * so a watcher sharing a busy process does not fall behind by a round trip
 * per block) while publishing and moving their cursor in chain order. The
 * first failure, of a `produce` or a `consume`, rejects the whole call; what is
 * still in flight then finishes unobserved and unconsumed.
 *
 * @example
 * await forEachInOrder(blockHashes, 4, (hash) => readBlock(hash), (block) => publishBlock(block))
 */
export async function forEachInOrder<T, R>(
  items: readonly T[],
  concurrency: number,
  produce: (item: T) => Promise<R>,
  consume: (result: R, item: T) => Promise<void>,
): Promise<void> {
  if (!Number.isInteger(concurrency) || concurrency < 1)
    throw new RangeError(`concurrency must be a positive integer, got ${concurrency}`)
  const started: Promise<R>[] = []
  const startUpTo = (end: number) => {
    while (started.length < Math.min(end, items.length)) {
      const running = produce(items[started.length] as T) // reason: the index is below items.length
      // Awaited in order below; a rejection that arrives while an earlier item is consumed must not count as unhandled.
      running.catch(() => undefined)
      started.push(running)
    }
  }
  for (let i = 0; i < items.length; i++) {
    startUpTo(i + concurrency)
    await consume(await (started[i] as Promise<R>), items[i] as T) // reason: startUpTo started every index up to i
  }
}
