/**
 * The explorer's pages, addressed by the URL fragment (`#/message/0x…`), so
 * the api serves one `index.html` under any path and no server-side routing
 * is needed.
 */
export type ExplorerRoute =
  | { page: 'search'; query: string }
  | { page: 'message'; id: string }
  | { page: 'batches'; destination: string }
  | { page: 'batch'; destination: string; index: string }
  | { page: 'dashboard' }
  | { page: 'unknown'; hash: string }

/**
 * The page a location hash names.
 *
 * @example
 * parseExplorerRoute('#/batch/56/7') // { page: 'batch', destination: '56', index: '7' }
 */
export function parseExplorerRoute(hash: string): ExplorerRoute {
  const [path = '', search = ''] = hash.replace(/^#/, '').split('?', 2)
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent)
  const query = new URLSearchParams(search)
  const [head, a, b] = parts
  if (parts.length === 0 || (head === 'search' && parts.length === 1))
    return { page: 'search', query: query.get('q') ?? '' }
  if (head === 'message' && a && parts.length === 2) return { page: 'message', id: a }
  if (head === 'batches' && parts.length === 1) return { page: 'batches', destination: query.get('destination') ?? '' }
  if (head === 'batch' && a && b && parts.length === 3) return { page: 'batch', destination: a, index: b }
  if (head === 'routes' && parts.length === 1) return { page: 'dashboard' }
  return { page: 'unknown', hash }
}

/**
 * The hash of a page: the inverse of `parseExplorerRoute`.
 *
 * @example
 * routeHref({ page: 'message', id }) // '#/message/0x…'
 */
export function routeHref(route: Exclude<ExplorerRoute, { page: 'unknown' }>): string {
  switch (route.page) {
    case 'search':
      return route.query ? `#/search?q=${encodeURIComponent(route.query)}` : '#/'
    case 'message':
      return `#/message/${route.id}`
    case 'batches':
      return route.destination ? `#/batches?destination=${encodeURIComponent(route.destination)}` : '#/batches'
    case 'batch':
      return `#/batch/${route.destination}/${route.index}`
    case 'dashboard':
      return '#/routes'
  }
}
