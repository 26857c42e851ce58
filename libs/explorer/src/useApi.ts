import { useEffect, useState } from 'preact/hooks'

/** A failed API call: the HTTP status (0 when the API could not be reached) and the API's error code. */
export type ApiFailure = { status: number; code: string; message: string }

export type ApiState<T> =
  | { status: 'loading' }
  | { status: 'ok'; data: T; updatedAt: number }
  | { status: 'not-found'; failure: ApiFailure }
  | { status: 'error'; failure: ApiFailure }

/**
 * GETs `path` from the relayer API: its JSON, or an `ApiFailure`. The only
 * network the explorer uses.
 *
 * @example
 * const stats = await apiGet<ApiStats>('', '/v1/stats')
 */
export async function apiGet<T>(apiBase: string, path: string, signal?: AbortSignal): Promise<T> {
  let response: Response
  try {
    response = await fetch(`${apiBase}${path}`, { signal, headers: { accept: 'application/json' } })
  } catch (error) {
    if (signal?.aborted) throw error
    throw { status: 0, code: 'API_UNREACHABLE', message: 'The relayer API did not answer.' } satisfies ApiFailure
  }
  // reason: JSON of the API or nothing
  const body = (await response.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null
  if (!response.ok) {
    throw {
      status: response.status,
      code: body?.error?.code ?? `HTTP_${response.status}`,
      message: body?.error?.message ?? response.statusText,
    } satisfies ApiFailure
  }
  return body as T // reason: the API's documented response for this path
}

const isFailure = (e: unknown): e is ApiFailure => typeof e === 'object' && e !== null && 'code' in e && 'status' in e

/**
 * The state of one API read for a component; re-read every `refreshMs` when
 * given (the dashboard), keeping the last data on screen while it loads.
 *
 * @example
 * const state = useApi<MessageStatus>(apiBase, `/v1/messages/${id}`)
 */
export function useApi<T>(apiBase: string, path: string | null, refreshMs?: number): ApiState<T> {
  const [state, setState] = useState<ApiState<T>>({ status: 'loading' })
  useEffect(() => {
    if (path === null) return
    const controller = new AbortController()
    let timer: ReturnType<typeof setTimeout> | undefined
    setState({ status: 'loading' })
    const load = async () => {
      try {
        const data = await apiGet<T>(apiBase, path, controller.signal)
        setState({ status: 'ok', data, updatedAt: Date.now() })
      } catch (error) {
        if (controller.signal.aborted) return
        const failure = isFailure(error) ? error : { status: 0, code: 'UNEXPECTED', message: String(error) }
        setState((previous) =>
          previous.status === 'ok' && refreshMs
            ? previous
            : { status: failure.status === 404 ? 'not-found' : 'error', failure },
        )
      }
      if (refreshMs && !controller.signal.aborted) timer = setTimeout(load, refreshMs)
    }
    void load()
    return () => {
      controller.abort()
      clearTimeout(timer)
    }
  }, [apiBase, path, refreshMs])
  return state
}
