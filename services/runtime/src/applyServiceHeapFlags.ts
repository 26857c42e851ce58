import v8 from 'node:v8'

/**
 * V8 flags every service sets on itself at start, as the first thing its context does (`openServiceContext`):
 * `NODE_OPTIONS` refuses them (Node exits 9), and a service must hold them however it is started (the image, the
 * devnet, a bare `relaymesh verifier`).
 *
 * `--heap-growing-percent=25` lets the old generation grow to 1.25 times what survived the last full collection
 * before the next one. V8 otherwise picks a factor up to 4 when collections look cheap next to the allocation rate,
 * which they do on a machine with memory to spare. Under `npm run bench:mesh -- --rate 400 --duration 60` the
 * largest relayer process (`relaymesh all`) peaked at 296-377 MiB and the settler at 268; with the flag, 189-194
 * and 178, for no measurable CPU. It is a growth factor, not a limit: a burst that needs more heap still gets it
 * (`--max-old-space-size=128` held the same figures, but would kill a settler handed a batch of large payloads).
 * V8 reads it at every full collection, so setting it after start works (a 500 MiB allocation test: 598 MiB peak
 * without, 363 set at run time, 336 on the command line).
 */
export const SERVICE_HEAP_FLAGS: readonly string[] = ['--heap-growing-percent=25']

/**
 * Sets {@link SERVICE_HEAP_FLAGS} in this process.
 *
 * @example
 * applyServiceHeapFlags()
 */
export function applyServiceHeapFlags(): void {
  for (const flag of SERVICE_HEAP_FLAGS) v8.setFlagsFromString(flag)
}
