import type { ComponentChildren } from 'preact'
import type { ApiFailure, ApiState } from '../useApi.js'

export function Loading({ what }: { what: string }) {
  return (
    <p class="state loading" role="status" aria-live="polite">
      Loading {what}…
    </p>
  )
}

export function NotFound({ what, children }: { what: string; children?: ComponentChildren }) {
  return (
    <section class="state not-found" role="alert">
      <h2>Not found</h2>
      <p>
        No {what} here. {children}
      </p>
      <p>
        <a href="#/">Search again</a>
      </p>
    </section>
  )
}

export function ErrorState({ failure }: { failure: ApiFailure }) {
  return (
    <section class="state error" role="alert">
      <h2>Something went wrong</h2>
      <p>
        {failure.message} <code>{failure.code}</code>
        {failure.status ? ` (HTTP ${failure.status})` : ''}
      </p>
    </section>
  )
}

export function Empty({ children }: { children: ComponentChildren }) {
  return <p class="state empty">{children}</p>
}

/** Loading, not-found and error states of one API read; the `ok` data goes to `children`. */
export function Loaded<T>({
  state,
  what,
  children,
}: {
  state: ApiState<T>
  what: string
  children: (data: T) => ComponentChildren
}) {
  if (state.status === 'loading') return <Loading what={what} />
  if (state.status === 'not-found') return <NotFound what={what} />
  if (state.status === 'error') return <ErrorState failure={state.failure} />
  return <>{children(state.data)}</>
}
