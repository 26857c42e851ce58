import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import {
  committeeForEpoch,
  httpSolanaRpc,
  signSlotCommitment,
  type CommitteeSchedule,
  type DevCommitteeKey,
} from '@relaymesh/solana'
import {
  nextMessagesBefore,
  rpcAttesterChain,
  type SignedCommitmentResponse,
  keepIdleConnections,
} from '@relaymesh/relayer/internal'

export type StartCommitteeSignersParameters = {
  rpcUrl: string
  domain: number
  feeAccount: string
  minFee: bigint
  slotsPerEpoch: number
  keys: readonly DevCommitteeKey[]
  schedule: CommitteeSchedule
  pollIntervalMs?: number
  /** Slots kept for the watchers to fetch. */
  keepSlots?: number
  host?: string
}

/** Running development signers: one HTTP endpoint per key (`signerUrls`, in key order). */
export type CommitteeSigners = { signerUrls: string[]; lastSigned(): number; stop(): Promise<void> }

type Signed = Map<number, SignedCommitmentResponse>

function serve(store: Signed, host: string): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const slot = /^\/v1\/commitments\/(\d+)$/.exec(req.url ?? '')?.[1]
    const signed = slot === undefined ? undefined : store.get(Number(slot))
    if (!signed) return void res.writeHead(404).end()
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(signed))
  })
  keepIdleConnections(server)
  return new Promise((resolve) =>
    // reason: a TCP listener's address
    server.listen(0, host, () => resolve({ server, url: `http://${host}:${(server.address() as AddressInfo).port}` })),
  )
}

/**
 * The devnet's Solana committee: follows the local chain's
 * finalized slots, builds each slot's commitment with the same
 * `extractSlotMessages` the relayers use, numbered from the epoch's running
 * count it carries slot by slot, and signs it (ed25519) with every
 * development key that sits on that epoch's committee (rotation per epoch).
 * Each key serves its own signatures over HTTP, `GET /v1/commitments/<slot>`,
 * as an independent validator would; the watchers collect from there.
 */
export async function startCommitteeSigners(p: StartCommitteeSignersParameters): Promise<CommitteeSigners> {
  const stores: Signed[] = p.keys.map(() => new Map())
  const servers = await Promise.all(stores.map((s) => serve(s, p.host ?? '127.0.0.1')))
  const chain = rpcAttesterChain(httpSolanaRpc(p.rpcUrl), p)
  const stop = new AbortController()
  let next = -1
  let messagesBefore: number | undefined
  const keep = p.keepSlots ?? 4096
  const loop = (async () => {
    while (!stop.signal.aborted) {
      try {
        const finalized = await chain.finalizedSlot()
        if (next < 0) next = Math.max(0, finalized - keep)
        for (; next <= finalized && !stop.signal.aborted; next++) {
          messagesBefore ??= await chain.messagesBefore(next)
          const commitment = await chain.commitmentAt(next, messagesBefore)
          messagesBefore = nextMessagesBefore({
            slot: next,
            slotsPerEpoch: p.slotsPerEpoch,
            messagesBefore,
            commitment,
          })
          if (!commitment) continue
          const members = new Set(committeeForEpoch(p.schedule, commitment.epoch).members.map((m) => m.pubkey))
          p.keys.forEach((key, i) => {
            if (!members.has(key.publicKey)) return
            const [signed] = signSlotCommitment([key], commitment)
            // reason: one key, one signature; i < keys.length
            stores[i]!.set(next, {
              commitment,
              signer: key.publicKey,
              signature: Buffer.from(signed!.signature).toString('base64'),
            })
            stores[i]!.delete(next - keep) // reason: as above
          })
        }
      } catch {
        // The chain may be starting or stopping: try again next tick.
      }
      await new Promise((r) => setTimeout(r, p.pollIntervalMs ?? 100))
    }
  })()
  return {
    signerUrls: servers.map((s) => s.url),
    lastSigned: () => next - 1,
    stop: async () => {
      stop.abort()
      await loop
      for (const { server } of servers) {
        server.closeAllConnections()
        await new Promise<void>((r) => server.close(() => r()))
      }
    },
  }
}
