import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createExplorerHandler } from './serveExplorer.js'

describe('createExplorerHandler', () => {
  it('serves the built files from memory under its path, with the config injected and a CSP', () => {
    const dir = mkdtempSync(join(tmpdir(), 'explorer-serve-'))
    try {
      const explorer = createExplorerHandler({ path: '/ui', dir, jaegerUrl: 'http://127.0.0.1:16686/</script>' })
      assert.equal(explorer('GET', '/ui/')?.status, 503, 'not built yet')
      mkdirSync(join(dir, 'assets'))
      writeFileSync(join(dir, 'index.html'), '<head><!--relaymesh-explorer-config--></head>')
      writeFileSync(join(dir, 'assets', 'a.js'), 'console.log(1)')
      writeFileSync(join(dir, 'secret.key'), 'nope')
      const index = explorer('GET', '/ui/')
      assert.equal(index?.status, 200, 'built after the api started: picked up')
      assert.match(index?.body ?? '', /"jaegerUrl":"http:\/\/127\.0\.0\.1:16686\/\\u003c\/script>"/)
      assert.match(index?.headers['content-security-policy'] ?? '', /default-src 'none'.*connect-src 'self'/)
      assert.equal(explorer('GET', '/ui/assets/a.js')?.headers['content-type'], 'text/javascript; charset=utf-8')
      assert.equal(explorer('GET', '/ui/secret.key')?.status, 404, 'only page files are served')
      assert.equal(explorer('GET', '/ui/../secret.key')?.status, 404)
      assert.deepEqual(explorer('GET', '/ui')?.headers.location, '/ui/')
      assert.equal(explorer('POST', '/ui/')?.status, 405)
      assert.equal(explorer('GET', '/v1/stats'), null, 'other paths are the API routes')
      assert.equal(explorer('GET', '/uix'), null)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
