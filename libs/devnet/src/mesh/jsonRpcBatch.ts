type Call = readonly [method: string, params: readonly unknown[]]
type Answer = { id?: unknown; result?: unknown; error?: { code: number; message: string } }

/**
 * Several JSON-RPC calls in one HTTP request (a JSON-RPC 2.0 batch, which
 * anvil and the local Solana chain both answer), results in call order. With `settle`, a call the node refused yields
 * an
 * `Error` (with the node's `code`) in its place; otherwise the first refusal
 * throws. A transport failure always throws.
 *
 * @example
 * const [slot, hash] = await jsonRpcBatch(rpcUrl, [
 *   ['getSlot', []],
 *   ['getLatestBlockhash', [{ commitment: 'processed' }]],
 * ])
 */
export async function jsonRpcBatch(
  url: string,
  calls: readonly Call[],
  options: { settle?: boolean } = {},
): Promise<unknown[]> {
  const body = JSON.stringify(calls.map(([method, params], id) => ({ jsonrpc: '2.0', id, method, params })))
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body })
  if (!response.ok) throw new Error(`JSON-RPC batch: HTTP ${response.status}`)
  const text = await response.text()
  const answers = JSON.parse(text) as Answer[] // reason: a JSON-RPC 2.0 batch answer, checked next
  if (!Array.isArray(answers) || answers.length !== calls.length) {
    throw new Error(
      `JSON-RPC batch: ${calls.length} calls, ${Array.isArray(answers) ? answers.length : 'no'} ` +
        `answers: ${text.slice(0, 200)}`,
    )
  }
  const byId = new Map(answers.map((a) => [a.id, a]))
  return calls.map(([method], id) => {
    const answer = byId.get(id)
    if (answer?.error === undefined && answer !== undefined) return answer.result
    const error = Object.assign(new Error(`${method}: ${answer?.error?.message ?? 'no answer'}`), {
      code: answer?.error?.code,
    })
    if (options.settle) return error
    throw error
  })
}
