/**
 * The V8 flags every relayer service process runs with: the devnet and the mesh benchmark spawn it with them
 * (`spawnRelayerProcesses`), the image sets the same in `NODE_OPTIONS` (a test keeps the two equal). A service sets
 * the one V8 flag that `NODE_OPTIONS` may not carry on itself, at start (`applyServiceHeapFlags`, in
 * `@relaymesh/service-runtime`).
 *
 * `--max-semi-space-size=8` (MiB) caps the young generation at 24 MiB. Node 24 sizes it from the machine's memory:
 * on a 24 GiB machine an idle `relaymesh batcher` held 136 MiB and `relaymesh all` grew from 206 to 268 MiB in a
 * minute of idling, as allocation-heavy starts (migrations, drizzle, viem) let the young generation grow and keep
 * its pages. With the cap the same processes hold 122 and ~175 MiB. Measured with `npm run bench:mesh -- --rate 0`.
 */
export const SERVICE_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=8']
