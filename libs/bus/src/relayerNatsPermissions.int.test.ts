/**
 * Least permissions on a shared NATS, against a real
 * nats-server of our own (free port, JetStream, users with the permissions
 * `relayerNatsPermissions` generates, authenticated by nkey and by
 * password): a relayer sets up and uses its own streams and consumers and
 * reads the mesh stream, but cannot publish as another relayer, on the mesh
 * or on the other's own subjects, nor delete, purge or reconfigure the mesh
 * stream, which the NATS operator's user created.
 */
import assert from 'node:assert/strict'
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, connect as tcpConnect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { nkeys } from '@nats-io/transport-node'
import { createBusCatalogue } from './catalogue.js'
import { connectBus, type Bus } from './connectBus.js'
import { createJsonCodec } from './createJsonCodec.js'
import { ensureConsumer } from './ensureConsumer.js'
import { ensureStreams } from './ensureStreams.js'
import { publish } from './publish.js'
import { relayerNatsPermissions } from './relayerNatsPermissions.js'

const codec = createJsonCodec<{ n: number }>({
  contentType: 'application/x.relaymesh.test+json',
  parse: (v) => v as { n: number },
})
const r1 = createBusCatalogue({ relayerId: 'r1' })
const r2 = createBusCatalogue({ relayerId: 'r2' })
const meshStream = r1.streams.mesh

function natsServerBinary(): string {
  for (const dir of [...(process.env['PATH'] ?? '').split(':'), '/usr/sbin', '/usr/local/bin']) {
    if (dir && existsSync(join(dir, 'nats-server'))) return join(dir, 'nats-server')
  }
  throw new Error('nats-server is not installed (apt-get install nats-server)')
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
      .listen(0, '127.0.0.1', () => {
        const { port } = server.address() as { port: number } // reason: a TCP server
        server.close(() => resolve(port))
      })
      .on('error', reject)
  })
}

async function waitForPort(port: number, deadline = Date.now() + 30_000): Promise<void> {
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = tcpConnect(port, '127.0.0.1', () => (socket.destroy(), resolve(true))).on('error', () =>
        resolve(false),
      )
    })
    if (open) return
    if (Date.now() > deadline) throw new Error(`nats-server did not listen on ${port}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

describe('relayer NATS permissions on a shared server', () => {
  const dir = mkdtempSync(join(tmpdir(), 'relaymesh-nats-perms-'))
  const r1Key = nkeys.createUser()
  let server: ChildProcess
  let url: string
  let admin: Bus
  let bus1: Bus
  let bus2: Bus

  before(async () => {
    const port = await freePort()
    url = `nats://127.0.0.1:${port}`
    // One account with JetStream; the mesh operator's user may do anything, each relayer only what it needs.
    const config = {
      port,
      host: '127.0.0.1',
      // The streams reserve their max_bytes (2 GiB per relayer's bundles, 1 GiB for the mesh): nothing is written.
      jetstream: { store_dir: join(dir, 'js'), max_memory_store: 64 << 20, max_file_store: 16 * 1024 ** 3 },
      accounts: {
        MESH: {
          jetstream: 'enabled',
          users: [
            { user: 'operator', password: 'operator-password' },
            { nkey: r1Key.getPublicKey(), permissions: relayerNatsPermissions(r1) },
            { user: 'r2', password: 'r2-password', permissions: relayerNatsPermissions(r2) },
          ],
        },
      },
    }
    // nats-server reads JSON as its config format (a superset of it).
    writeFileSync(join(dir, 'nats.conf'), JSON.stringify(config, null, 2))
    server = spawn(natsServerBinary(), ['-c', join(dir, 'nats.conf')], { stdio: 'ignore' })
    await waitForPort(port)
    admin = await connectBus({ servers: url.replace('://', '://operator:operator-password@'), name: 'operator' })
    await ensureStreams(admin.jsm, [meshStream])
    bus1 = await connectBus({ servers: url, name: 'r1', auth: { nkeySeed: r1Key.getSeed() } })
    bus2 = await connectBus({ servers: url.replace('://', '://r2:r2-password@'), name: 'r2' })
  })

  after(async () => {
    await Promise.all([bus1, bus2, admin].map((b) => b?.close()))
    server?.kill('SIGTERM')
    rmSync(dir, { recursive: true, force: true })
  })

  it('a relayer sets up its own streams and consumers, and finds the operator-made mesh stream as it is', async () => {
    for (const [bus, cat] of [
      [bus1, r1],
      [bus2, r2],
    ] as const) {
      const streams = await ensureStreams(bus.jsm, cat.streams.all)
      assert.deepEqual(
        streams.map((s) => s.name),
        [cat.streams.bundles.name, cat.streams.deadLetters.name, meshStream.name],
      )
      await ensureConsumer(bus.jsm, cat.streams.bundles.name, cat.consumers.verifier)
      await ensureConsumer(bus.jsm, meshStream.name, cat.consumers.proposals)
      await ensureConsumer(bus.jsm, meshStream.name, cat.consumers.signatures)
    }
  })

  it('publishes on its own subjects and as itself on the mesh; the other relayer consumes and acks it', async () => {
    await publish(bus1, r1.subjects.bundles('ethereum'), { n: 1 }, { codec, msgId: 'b1' })
    const sent = await publish(bus1, r1.subjects.proposals('56'), { n: 2 }, { codec, msgId: 'p1' })
    assert.equal(sent.stream, meshStream.name)
    const consumer = await bus2.js.consumers.get(meshStream.name, r2.consumers.proposals.durable)
    // The message is stored already, so this returns at once; `expires` only bounds a hang (busy cores can stall
    // seconds).
    const received = await consumer.next({ expires: 60_000 })
    assert.equal(received?.subject, 'relaymesh.mesh.proposals.56.r1')
    await received?.ackAck()
  })

  it('cannot publish as another relayer: not on the mesh under its id, not on its own subjects', async () => {
    const before = (await admin.jsm.streams.info(meshStream.name)).state.messages
    for (const subject of [r2.subjects.proposals('56'), r2.subjects.signatures('56'), 'relaymesh.mesh.proposals.56']) {
      await assert.rejects(
        publish(bus1, subject, { n: 3 }, { codec, msgId: `forged-${subject}`, timeoutMs: 2_000 }),
        `r1 published on ${subject}`,
      )
    }
    await assert.rejects(
      publish(bus1, r2.subjects.bundles('ethereum'), { n: 4 }, { codec, msgId: 'forged-bundle', timeoutMs: 2_000 }),
    )
    assert.equal(
      (await admin.jsm.streams.info(meshStream.name)).state.messages,
      before,
      'nothing forged reached the mesh stream',
    )
  })

  /** r1 publishes `forged` (as r2) then `genuine` (as itself) on core NATS; returns the subjects r2 received. */
  async function coreSubjectsReceived(all: string, forged: string, genuine: string): Promise<string[]> {
    const received: string[] = []
    const sub = bus2.nc.subscribe(all, { callback: (_error, message) => void received.push(message.subject) })
    await bus2.nc.flush()
    // In order on one connection: once the genuine one arrives, the forged one sent before it was dropped by the
    // server.
    bus1.nc.publish(forged, 'forged')
    bus1.nc.publish(genuine, 'genuine')
    const deadline = Date.now() + 30_000
    while (received.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20))
    sub.unsubscribe()
    return received
  }

  it('shares equivocation evidence on core NATS as itself only; the other relayer reads it', async () => {
    assert.deepEqual(
      await coreSubjectsReceived(r2.subjects.allEvidence, r2.subjects.evidence('900'), r1.subjects.evidence('900')),
      ['relaymesh.mesh.evidence.900.r1'],
    )
  })

  it('names stale blocks for re-observation on core NATS as itself only; the other relayer reads the hint', async () => {
    assert.deepEqual(
      await coreSubjectsReceived(
        r2.subjects.allReobserve,
        r2.subjects.reobserve('31337'),
        r1.subjects.reobserve('31337'),
      ),
      ['relaymesh.mesh.reobserve.31337.r1'],
    )
  })

  it("cannot delete, purge or reconfigure the mesh stream, nor touch another relayer's streams", async () => {
    await assert.rejects(bus1.jsm.streams.delete(meshStream.name))
    await assert.rejects(bus1.jsm.streams.purge(meshStream.name))
    await assert.rejects(bus1.jsm.streams.update(meshStream.name, { max_msgs: 1 }))
    await assert.rejects(bus1.jsm.streams.delete(r2.streams.bundles.name))
    await assert.rejects(bus1.jsm.consumers.delete(meshStream.name, r2.consumers.proposals.durable))
    const info = await admin.jsm.streams.info(meshStream.name)
    assert.deepEqual([info.config.name, info.config.max_msgs, info.state.messages > 0], [meshStream.name, -1, true])
    assert.ok(await admin.jsm.streams.info(r2.streams.bundles.name))
  })
})
