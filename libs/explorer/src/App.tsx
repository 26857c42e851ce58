import { useEffect, useRef, useState } from 'preact/hooks'
import { NotFound } from './components/States.js'
import { parseExplorerRoute, routeHref } from './parseExplorerRoute.js'
import { BatchesPage, BatchPage } from './pages/BatchesPage.js'
import { DashboardPage } from './pages/DashboardPage.js'
import { MessagePage } from './pages/MessagePage.js'
import { SearchPage } from './pages/SearchPage.js'
import type { ExplorerConfig } from './readExplorerConfig.js'

function useHashRoute() {
  const [hash, setHash] = useState(location.hash)
  useEffect(() => {
    const onChange = () => setHash(location.hash)
    addEventListener('hashchange', onChange)
    return () => removeEventListener('hashchange', onChange)
  }, [])
  return parseExplorerRoute(hash)
}

/**
 * The explorer: a header with the pages, and the page the hash names. Focus moves to the page on navigation (keyboard
 * and screen readers).
 */
export function App({ config }: { config: ExplorerConfig }) {
  const route = useHashRoute()
  const main = useRef<HTMLElement>(null)
  const first = useRef(true)
  useEffect(() => {
    if (first.current) first.current = false
    else main.current?.focus()
  }, [JSON.stringify(route)])
  const { apiBase, jaegerUrl } = config
  const current = (page: string) =>
    route.page === page || (page === 'batches' && route.page === 'batch') ? 'page' : undefined
  return (
    <>
      <a
        class="skip"
        href="#main"
        onClick={(e) => {
          e.preventDefault()
          main.current?.focus()
        }}
      >
        Skip to content
      </a>
      <header>
        <a class="brand" href="#/">
          relaymesh explorer
        </a>
        <nav aria-label="Pages">
          <a href={routeHref({ page: 'search', query: '' })} aria-current={current('search')}>
            Search
          </a>
          <a href={routeHref({ page: 'dashboard' })} aria-current={current('dashboard')}>
            Routes
          </a>
          <a href={routeHref({ page: 'batches', destination: '' })} aria-current={current('batches')}>
            Batches
          </a>
        </nav>
      </header>
      <main id="main" ref={main} tabIndex={-1}>
        {route.page === 'search' && <SearchPage apiBase={apiBase} query={route.query} />}
        {route.page === 'message' && <MessagePage apiBase={apiBase} jaegerUrl={jaegerUrl} id={route.id} />}
        {route.page === 'batches' && <BatchesPage apiBase={apiBase} destination={route.destination} />}
        {route.page === 'batch' && <BatchPage apiBase={apiBase} destination={route.destination} index={route.index} />}
        {route.page === 'dashboard' && <DashboardPage apiBase={apiBase} />}
        {route.page === 'unknown' && <NotFound what="page">The address {route.hash} names no explorer page.</NotFound>}
      </main>
    </>
  )
}
