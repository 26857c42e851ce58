import type { BusCatalogue } from './catalogue.js'

export type NatsPermissions = { publish: { allow: string[] }; subscribe: { allow: string[] } }

/**
 * The least a relayer's NATS user needs, for the nats-server `permissions`
 * block (or an account JWT): publish on its own subjects and, on the shared
 * mesh stream, only on subjects that end in its own id (so it cannot propose
 * or co-sign as another relayer); create and update its own streams but only
 * read the mesh stream's info (the NATS operator creates it: a relayer can
 * neither delete, purge nor reconfigure it); create, read and ack its own
 * durable consumers; replies on `_INBOX.>`. Anything not listed is denied.
 * Stream names are whole subject tokens, so each is listed by name.
 *
 * @example
 * const permissions = relayerNatsPermissions(createBusCatalogue({ relayerId: 'acme-1' }))
 * // nats-server.conf: users = [{ nkey: "U...", permissions: <permissions as JSON> }]
 */
export function relayerNatsPermissions(catalogue: BusCatalogue): NatsPermissions {
  const { subjects, streams, consumers } = catalogue
  const own = subjects.allBundles.slice(0, -'.bundles.>'.length)
  const mesh = streams.mesh.name
  const ownStreams = [streams.bundles.name, streams.deadLetters.name]
  const consumerApi = (stream: string, durable: string) => [
    `$JS.API.CONSUMER.*.${stream}.${durable}`,
    `$JS.API.CONSUMER.*.${stream}.${durable}.>`,
    `$JS.API.CONSUMER.DURABLE.CREATE.${stream}.${durable}`,
    `$JS.API.CONSUMER.MSG.NEXT.${stream}.${durable}`,
    `$JS.ACK.${stream}.${durable}.>`,
  ]
  return {
    publish: {
      allow: [
        `${own}.>`,
        `${subjects.allProposals.slice(0, -1)}*.${catalogue.relayerId}`,
        `${subjects.allSignatures.slice(0, -1)}*.${catalogue.relayerId}`,
        `${subjects.allEvidence.slice(0, -1)}*.${catalogue.relayerId}`,
        `${subjects.allReobserve.slice(0, -1)}*.${catalogue.relayerId}`,
        '$JS.API.INFO',
        ...ownStreams.flatMap((s) => [
          `$JS.API.STREAM.CREATE.${s}`,
          `$JS.API.STREAM.UPDATE.${s}`,
          `$JS.API.STREAM.INFO.${s}`,
        ]),
        `$JS.API.STREAM.INFO.${mesh}`,
        // Own streams: any consumer (the finality clients add one per origin); the mesh stream: only this relayer's.
        ...ownStreams.flatMap((s) => [
          `$JS.API.CONSUMER.*.${s}.>`,
          `$JS.API.CONSUMER.*.${s}.*`,
          `$JS.API.CONSUMER.DURABLE.CREATE.${s}.*`,
          `$JS.API.CONSUMER.MSG.NEXT.${s}.*`,
          `$JS.ACK.${s}.>`,
        ]),
        ...consumerApi(mesh, consumers.proposals.durable),
        ...consumerApi(mesh, consumers.signatures.durable),
      ],
    },
    subscribe: { allow: ['_INBOX.>', subjects.allEvidence, subjects.allReobserve] },
  }
}
