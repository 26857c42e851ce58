import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { parseExplorerRoute, routeHref, type ExplorerRoute } from './parseExplorerRoute.js'

describe('parseExplorerRoute', () => {
  it('round-trips every page through its hash', () => {
    const routes: Exclude<ExplorerRoute, { page: 'unknown' }>[] = [
      { page: 'search', query: '' },
      { page: 'search', query: '0xab cd' },
      { page: 'message', id: `0x${'11'.repeat(32)}` },
      { page: 'batches', destination: '' },
      { page: 'batches', destination: '56' },
      { page: 'batch', destination: '56', index: '7' },
      { page: 'dashboard' },
    ]
    for (const route of routes) assert.deepEqual(parseExplorerRoute(routeHref(route)), route)
  })
  it('names an unknown page', () => {
    assert.deepEqual(parseExplorerRoute('#/admin/routes'), { page: 'unknown', hash: '#/admin/routes' })
    assert.deepEqual(parseExplorerRoute('#/message/a/b'), { page: 'unknown', hash: '#/message/a/b' })
  })
})
