import { LocalRpcError } from './LocalRpcError.js'
import type { RpcContext, RpcMethods } from './rpcContext.js'

const BIGINT_MARK = '__relaymesh_u64__'
const BIGINT_PATTERN = new RegExp(`"${BIGINT_MARK}(\\d+)"`, 'g')

/**
 * JSON with bigints written as number literals: a node writes u64 values
 * (lamports, `rentEpoch` = 2^64-1) as plain JSON numbers.
 *
 * @example
 * stringifyRpcJson({ lamports: 18446744073709551615n }) // '{"lamports":18446744073709551615}'
 */
export function stringifyRpcJson(value: unknown): string {
  // Most answers (signatures, slots, base64 blocks' heads) hold no bigint: plain JSON.stringify, without a replacer
  // called per key, serialises them several times faster. It throws on the first bigint; then the marked path runs.
  try {
    return JSON.stringify(value)
  } catch (error) {
    if (!(error instanceof TypeError)) throw error
  }
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? `${BIGINT_MARK}${v}` : v)).replace(
    BIGINT_PATTERN,
    '$1',
  )
}

type Request = { jsonrpc?: unknown; id?: unknown; method?: unknown; params?: unknown }

function errorJson(id: unknown, code: number, message: string, data?: unknown) {
  return { jsonrpc: '2.0', id: id ?? null, error: data === undefined ? { code, message } : { code, message, data } }
}

/** The response to request `id` from a synchronous handler; a `LocalRpcError` becomes a JSON-RPC error. */
export function respond(id: unknown, run: () => unknown): unknown {
  try {
    return { jsonrpc: '2.0', id, result: run() }
  } catch (error) {
    if (error instanceof LocalRpcError) return errorJson(id, error.code, error.message, error.data)
    // reason: anything thrown by a handler is an Error
    return errorJson(id, -32603, `Internal error: ${(error as Error).message}`)
  }
}

/** One request to one response object. Errors become JSON-RPC errors; none escapes. */
export async function callRpc(ctx: RpcContext, methods: RpcMethods, request: Request): Promise<unknown> {
  const { id, method } = request
  if (typeof method !== 'string') return errorJson(id, -32600, 'Invalid request')
  const handler = Object.hasOwn(methods, method) ? methods[method] : undefined
  if (!handler) return errorJson(id, -32601, 'Method not found')
  const params = Array.isArray(request.params) ? request.params : []
  try {
    return { jsonrpc: '2.0', id, result: await handler(ctx, params) }
  } catch (error) {
    if (error instanceof LocalRpcError) return errorJson(id, error.code, error.message, error.data)
    // reason: anything thrown by a handler is an Error
    return errorJson(id, -32603, `Internal error: ${(error as Error).message}`)
  }
}

/**
 * Answers a JSON-RPC 2.0 HTTP body (single request or batch).
 *
 * @example
 * res.end(await handleJsonRpc(ctx, methods, body))
 */
export async function handleJsonRpc(ctx: RpcContext, methods: RpcMethods, body: string): Promise<string> {
  let parsed: unknown
  try {
    parsed = JSON.parse(body)
  } catch {
    return stringifyRpcJson(errorJson(null, -32700, 'Parse error'))
  }
  if (Array.isArray(parsed)) {
    const responses = []
    // reason: each element is checked by callRpc
    for (const request of parsed) responses.push(await callRpc(ctx, methods, request as Request))
    return stringifyRpcJson(responses)
  }
  return stringifyRpcJson(await callRpc(ctx, methods, parsed as Request)) // reason: checked by callRpc
}
