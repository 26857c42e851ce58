import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'
import { stopPullOnAbort } from './stopPullOnAbort.js'

const pull = () => {
  const pulled = { stopped: 0, stop: () => void pulled.stopped++ }
  return pulled
}

describe('stopPullOnAbort', () => {
  it('stops the pull the grace after the abort, not before', async () => {
    const messages = pull()
    const ac = new AbortController()
    stopPullOnAbort(messages, ac.signal, 20)
    ac.abort()
    assert.equal(messages.stopped, 0, 'what the server already sent still arrives')
    await sleep(100)
    assert.equal(messages.stopped, 1)
  })

  it('stops a pull started after the abort too', async () => {
    const messages = pull()
    const ac = new AbortController()
    ac.abort()
    stopPullOnAbort(messages, ac.signal, 10)
    await sleep(100)
    assert.equal(messages.stopped, 1)
  })

  it('a pull over before the abort, or released in its grace, is never stopped', async () => {
    const done = pull()
    const ac = new AbortController()
    stopPullOnAbort(done, ac.signal, 10)()
    const released = pull()
    const release = stopPullOnAbort(released, ac.signal, 50)
    ac.abort()
    release()
    await sleep(120)
    assert.deepEqual([done.stopped, released.stopped], [0, 0])
  })

  it('without a signal it does nothing', () => {
    const messages = pull()
    stopPullOnAbort(messages, undefined)()
    assert.equal(messages.stopped, 0)
  })
})
