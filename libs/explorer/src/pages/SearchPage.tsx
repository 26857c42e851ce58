import type { MessagePage, MessageStatus, MessageSummary, RejectedClaimStatus } from '@relaymesh/sdk'
import { useEffect, useState } from 'preact/hooks'
import { classifySearch, type SearchLookup } from '../classifySearch.js'
import { MessageRows } from '../components/MessageRows.js'
import { Empty, ErrorState, Loading } from '../components/States.js'
import { routeHref } from '../parseExplorerRoute.js'
import { apiGet, type ApiFailure } from '../useApi.js'

/**
 * How long the page waits before looking again when nothing matched: a transaction a user has just sent is found
 * once a relayer has stored its messages, a moment later (seconds, or more on a busy relayer).
 */
export const SEARCH_RETRY_MS = 3_000

type Outcome =
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'found'; messages: MessageSummary[]; by: SearchLookup['kind'] }
  | { status: 'none' }
  | { status: 'invalid'; message: string }
  | { status: 'error'; failure: ApiFailure }

/** Tries each lookup in turn; the first that finds something wins. A message id goes straight to its page. */
async function runLookups(apiBase: string, lookups: SearchLookup[], signal: AbortSignal): Promise<Outcome> {
  for (const lookup of lookups) {
    if (lookup.kind === 'message') {
      try {
        await apiGet<MessageStatus | RejectedClaimStatus>(apiBase, `/v1/messages/${lookup.id}`, signal)
        location.hash = routeHref({ page: 'message', id: lookup.id })
        return { status: 'loading' }
      } catch (error) {
        if ((error as ApiFailure).status !== 404) throw error // reason: apiGet throws ApiFailure
      }
    } else if (lookup.kind === 'sourceTx') {
      const found = await apiGet<{ messages: MessageSummary[] }>(
        apiBase,
        `/v1/messages?sourceTx=${lookup.hash}`,
        signal,
      )
      if (found.messages.length > 0) return { status: 'found', messages: found.messages, by: 'sourceTx' }
    } else {
      const found = await apiGet<MessagePage>(apiBase, `/v1/messages?sender=${lookup.sender}&limit=100`, signal)
      if (found.messages.length > 0) return { status: 'found', messages: found.messages, by: 'sender' }
    }
  }
  return { status: 'none' }
}

function SearchResult({ outcome }: { outcome: Outcome }) {
  switch (outcome.status) {
    case 'idle':
      return (
        <Empty>
          Search for a message by its id, the source transaction (EVM hash or Solana signature) or the sender address.
        </Empty>
      )
    case 'loading':
      return <Loading what="search results" />
    case 'invalid':
      return (
        <p class="state error" role="alert">
          {outcome.message}
        </p>
      )
    case 'error':
      return <ErrorState failure={outcome.failure} />
    case 'none':
      return (
        <section class="state not-found" role="alert">
          <h2>Not found</h2>
          <p>
            No message matches this search yet. Looking again every {SEARCH_RETRY_MS / 1000} seconds: a message just
            sent shows here once a relayer has observed it.
          </p>
        </section>
      )
    case 'found':
      return (
        <section aria-label="Search results">
          <h2>
            {outcome.messages.length} message{outcome.messages.length === 1 ? '' : 's'}{' '}
            {outcome.by === 'sourceTx' ? 'from this transaction' : 'from this sender'}
          </h2>
          <MessageRows messages={outcome.messages} />
        </section>
      )
  }
}

export function SearchPage({ apiBase, query }: { apiBase: string; query: string }) {
  const [text, setText] = useState(query)
  const [outcome, setOutcome] = useState<Outcome>({ status: 'idle' })
  useEffect(() => {
    setText(query)
    if (!query) return setOutcome({ status: 'idle' })
    const classified = classifySearch(query)
    if ('error' in classified) return setOutcome({ status: 'invalid', message: classified.error })
    const controller = new AbortController()
    let retry: ReturnType<typeof setTimeout> | undefined
    const look = () =>
      runLookups(apiBase, classified.lookups, controller.signal).then(
        (found) => {
          if (controller.signal.aborted) return
          setOutcome(found)
          if (found.status === 'none') retry = setTimeout(look, SEARCH_RETRY_MS)
        },
        (failure: ApiFailure) => {
          if (!controller.signal.aborted) setOutcome({ status: 'error', failure })
        },
      )
    setOutcome({ status: 'loading' })
    void look()
    return () => {
      controller.abort()
      clearTimeout(retry)
    }
  }, [apiBase, query])
  const submit = (event: Event) => {
    event.preventDefault()
    location.hash = routeHref({ page: 'search', query: text.trim() })
  }
  return (
    <>
      <h1>Find a message</h1>
      <form role="search" onSubmit={submit} class="search">
        <label for="q">Message id, source transaction or sender</label>
        <div class="search-row">
          <input
            id="q"
            name="q"
            value={text}
            onInput={(e) => setText(e.currentTarget.value)}
            autocomplete="off"
            spellcheck={false}
            placeholder="0x… or a Solana signature / address"
          />
          <button type="submit">Search</button>
        </div>
      </form>
      <SearchResult outcome={outcome} />
    </>
  )
}
