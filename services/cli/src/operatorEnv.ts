/** What the operator commands take from the environment; flags override both. */
export type OperatorEnv = {
  /** `RELAYMESH_API_URL`, else `http://127.0.0.1:8080`. */
  apiUrl: string
  /** `RELAYMESH_ADMIN_TOKEN`, for retry, pause and resume. */
  adminToken: string | undefined
  /** `RELAYMESH_JAEGER_URL`, Jaeger's UI base URL: `message` then prints `<base>/trace/<trace id>`. */
  jaegerUrl: string | undefined
}

export const DEFAULT_API_URL = 'http://127.0.0.1:8080'

/** The operator commands' environment (`status`, `message`, `retry`, ...). */
export function readOperatorEnv(env: Record<string, string | undefined> = process.env): OperatorEnv {
  return {
    apiUrl: env['RELAYMESH_API_URL'] || DEFAULT_API_URL,
    adminToken: env['RELAYMESH_ADMIN_TOKEN'] || undefined,
    jaegerUrl: env['RELAYMESH_JAEGER_URL'] || undefined,
  }
}
