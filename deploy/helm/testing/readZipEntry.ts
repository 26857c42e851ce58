import { closeSync, openSync, readSync, fstatSync } from 'node:fs'
import { inflateRawSync } from 'node:zlib'

/** One file of a zip archive, from its central directory record. */
export type ZipEntry = { name: string; method: number; compressedSize: number; size: number; localHeaderOffset: number }

const EOCD_SIGNATURE = 0x06054b50
const CENTRAL_SIGNATURE = 0x02014b50
const LOCAL_SIGNATURE = 0x04034b50

function readAt(fd: number, position: number, length: number): Buffer {
  const buffer = Buffer.alloc(length)
  const n = readSync(fd, buffer, 0, length, position)
  if (n !== length) throw new Error(`zip: short read at ${position} (${n} of ${length} bytes)`)
  return buffer
}

/**
 * Lists a zip's entries from its central directory (APPNOTE.TXT 4.3.12, 4.3.16).
 * Enough for the helm layer: no zip64, no multi-disk, no encryption.
 */
export function listZipEntries(path: string): ZipEntry[] {
  const fd = openSync(path, 'r')
  try {
    const size = fstatSync(fd).size
    // The end-of-central-directory record is 22 bytes plus a comment of up to 64 KiB.
    const tailLength = Math.min(size, 22 + 0xffff)
    const tail = readAt(fd, size - tailLength, tailLength)
    let eocd = -1
    for (let i = tail.length - 22; i >= 0; i--)
      if (tail.readUInt32LE(i) === EOCD_SIGNATURE) {
        eocd = i
        break
      }
    if (eocd < 0) throw new Error('zip: no end-of-central-directory record')
    const count = tail.readUInt16LE(eocd + 10)
    const directorySize = tail.readUInt32LE(eocd + 12)
    const directoryOffset = tail.readUInt32LE(eocd + 16)
    if (directoryOffset === 0xffffffff) throw new Error('zip: zip64 archives are not supported')
    const directory = readAt(fd, directoryOffset, directorySize)
    const entries: ZipEntry[] = []
    for (let p = 0, i = 0; i < count; i++) {
      if (directory.readUInt32LE(p) !== CENTRAL_SIGNATURE) throw new Error(`zip: bad central directory record ${i}`)
      const nameLength = directory.readUInt16LE(p + 28)
      const extraLength = directory.readUInt16LE(p + 30)
      const commentLength = directory.readUInt16LE(p + 32)
      entries.push({
        name: directory.toString('utf8', p + 46, p + 46 + nameLength),
        method: directory.readUInt16LE(p + 10),
        compressedSize: directory.readUInt32LE(p + 20),
        size: directory.readUInt32LE(p + 24),
        localHeaderOffset: directory.readUInt32LE(p + 42),
      })
      p += 46 + nameLength + extraLength + commentLength
    }
    return entries
  } finally {
    closeSync(fd)
  }
}

/** The bytes of one entry: stored (method 0) or deflated (method 8, inflated with node:zlib). */
export function readZipEntry(path: string, name: string): Buffer {
  const entry = listZipEntries(path).find((e) => e.name === name)
  if (!entry) throw new Error(`zip: ${path} has no entry ${name}`)
  const fd = openSync(path, 'r')
  try {
    const local = readAt(fd, entry.localHeaderOffset, 30)
    if (local.readUInt32LE(0) !== LOCAL_SIGNATURE) throw new Error(`zip: bad local header for ${name}`)
    // The local header's name and extra lengths may differ from the central record's.
    const dataOffset = entry.localHeaderOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28)
    const data = readAt(fd, dataOffset, entry.compressedSize)
    const bytes = entry.method === 0 ? data : entry.method === 8 ? inflateRawSync(data) : undefined
    if (!bytes) throw new Error(`zip: ${name} uses unsupported compression method ${entry.method}`)
    if (bytes.length !== entry.size)
      throw new Error(`zip: ${name} inflated to ${bytes.length} bytes, expected ${entry.size}`)
    return bytes
  } finally {
    closeSync(fd)
  }
}
