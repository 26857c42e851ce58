import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { createRootFlusher } from './createRootFlusher.js'

/** A root exporter whose flushes the test settles one by one. */
function controlledExporter() {
  const pending: { resolve: () => void; reject: (error: Error) => void }[] = []
  const telemetry = { flushRoots: () => new Promise<void>((resolve, reject) => pending.push({ resolve, reject })) }
  return { telemetry, pending }
}
const quiet = { warn: () => undefined, info: () => undefined }
const settled = async (p: Promise<unknown>) =>
  Promise.race([p.then(() => true), new Promise((resolve) => setImmediate(() => resolve(false)))])

describe('createRootFlusher', () => {
  it('a pull waits until its roots left; when the exporter fails, later pulls no longer wait, until a flush succeeds again', async () => {
    const { telemetry, pending } = controlledExporter()
    const roots = createRootFlusher(telemetry, quiet)
    const first = roots.flush()
    assert.equal(await settled(first), false, 'the bundles are not acknowledged while the roots are on their way')
    pending[0]?.resolve()
    await first
    const failing = roots.flush()
    pending[1]?.reject(new Error('collector down'))
    await failing // a failed export does not fail the bundles
    const skipped = roots.flush()
    assert.equal(await settled(skipped), true, 'while the exporter fails, a pull does not wait for it')
    pending[2]?.resolve()
    await new Promise((resolve) => setImmediate(resolve))
    const waitsAgain = roots.flush()
    assert.equal(await settled(waitsAgain), false, 'once an export succeeded, pulls wait again')
    pending[3]?.resolve()
    await waitsAgain
  })
})
