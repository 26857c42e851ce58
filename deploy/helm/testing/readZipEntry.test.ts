import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { describe, test } from 'node:test'
import { helmBinary, helmLayerZip } from './helmBinary.js'
import { listZipEntries, readZipEntry } from './readZipEntry.js'

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex')

// The fallback for machines without `unzip`: it must produce the very binary unzip does.
describe('readZipEntry (node:zlib fallback for unpacking helm)', () => {
  test('lists the layer and inflates helm/helm to the same bytes as the unpacked binary', () => {
    const zip = helmLayerZip()
    const names = listZipEntries(zip).map((e) => e.name)
    assert.ok(names.includes('helm/helm') && names.includes('kubectl/kubectl'), names.join(', '))
    assert.equal(sha256(readZipEntry(zip, 'helm/helm')), sha256(readFileSync(helmBinary())))
  })

  test('names a missing entry', () => {
    assert.throws(() => readZipEntry(helmLayerZip(), 'helm/tiller'), /has no entry helm\/tiller/)
  })
})
