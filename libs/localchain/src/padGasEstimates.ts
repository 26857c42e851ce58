import { toHex } from 'viem'

export type PadGasEstimatesParameters = {
  /** The fetch the padded one wraps. */
  fetchFn?: typeof fetch | undefined
  /** Headroom in percent added to every gas figure the node estimates; default 25. */
  percent?: number | undefined
}

type RpcRequest = { id?: unknown; method?: unknown }
type RpcResponse = { id?: unknown; result?: unknown }

/**
 * Methods whose answer carries a gas estimate: `eth_estimateGas` (a quantity) and `eth_fillTransaction` (`tx.gas`),
 * which viem prefers.
 */
const ESTIMATING = new Set(['eth_estimateGas', 'eth_fillTransaction'])

/**
 * A `fetch` for viem's `http` transport that adds headroom to the gas a local chain's node
 * estimates. The estimate runs in a pending block with its own timestamp, not the block the
 * transaction is mined in, and the gas of a transaction can depend on the time: a relayer-set
 * proposal stores `eta = block.timestamp + delay` beside the threshold and pauser, a write that
 * costs 100 gas when estimated in the same second as the previous proposal (the slot is unchanged)
 * and 2,900 when mined a second later; a rate-limited mint takes a costlier path once its bucket
 * has refilled. On a saturated machine such transactions were mined out of gas at exactly their
 * estimate. Tests and devnet tooling use these clients to exercise the contracts' logic, not the
 * estimator; relayers build their own clients.
 *
 * @example
 * const transport = http(rpcUrl, { fetchFn: padGasEstimates() })
 */
export function padGasEstimates(parameters: PadGasEstimatesParameters = {}): typeof fetch {
  const inner = parameters.fetchFn ?? fetch
  const percent = BigInt(parameters.percent ?? 25)
  const padded = (gas: string) => toHex((BigInt(gas) * (100n + percent)) / 100n)
  return async (input, init) => {
    const response = await inner(input, init)
    const body = typeof init?.body === 'string' ? init.body : undefined
    if (!body || !/eth_estimateGas|eth_fillTransaction/.test(body) || !response.ok) return response
    // reason: viem posts JSON-RPC request objects
    const requests = [JSON.parse(body) as RpcRequest | RpcRequest[]].flat()
    const ids = new Set(requests.filter((r) => ESTIMATING.has(String(r.method))).map((r) => r.id))
    // reason: a JSON-RPC answer to the requests above
    const answer = (await response.json()) as RpcResponse | RpcResponse[]
    const pad = (r: RpcResponse): RpcResponse => {
      if (!ids.has(r.id)) return r
      if (typeof r.result === 'string') return { ...r, result: padded(r.result) }
      const filled = r.result as { tx?: { gas?: unknown } } | null // reason: eth_fillTransaction answers { raw, tx }
      if (typeof filled?.tx?.gas === 'string')
        return { ...r, result: { ...filled, tx: { ...filled.tx, gas: padded(filled.tx.gas) } } }
      return r
    }
    return new Response(JSON.stringify(Array.isArray(answer) ? answer.map(pad) : pad(answer)), {
      status: response.status,
      statusText: response.statusText,
      headers: { 'content-type': 'application/json' },
    })
  }
}
