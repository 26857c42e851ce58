// `node-fetch` in the CLI's bundle (scripts/bundleCli.mjs): @solana/web3.js requires it but calls it only where
// Node has no `fetch` of its own (before Node 18). The real one brings whatwg-url and tr46's Unicode table, ~6 MiB
// of heap for nothing; this one hands the call to Node's `fetch`.
const fetch = (...args) => globalThis.fetch(...args)
export default fetch
