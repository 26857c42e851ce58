import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { dieWithParent } from './dieWithParent.js'

describe('dieWithParent', () => {
  it(
    'runs the command under setpriv with a parent-death signal where setpriv exists',
    { skip: process.platform !== 'linux' },
    () => {
      assert.deepEqual(dieWithParent('/bin/anvil', ['--port', '0'], { setprivPath: '/bin/sh' }), [
        '/bin/sh',
        ['--pdeathsig=KILL', '--', '/bin/anvil', '--port', '0'],
      ])
      assert.deepEqual(dieWithParent('nats-server', [], { setprivPath: '/bin/sh', signal: 'TERM' }), [
        '/bin/sh',
        ['--pdeathsig=TERM', '--', 'nats-server'],
      ])
    },
  )

  it('runs the command as given where setpriv is missing', () => {
    assert.deepEqual(dieWithParent('/bin/anvil', ['--port', '0'], { setprivPath: '/nonexistent/setpriv' }), [
      '/bin/anvil',
      ['--port', '0'],
    ])
  })
})
