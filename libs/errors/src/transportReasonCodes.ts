import type { ReasonCodeEntry } from './ReasonCodeEntry.js'

/**
 * The codes of what carries a message between relayers: the wire protocol (PROTOCOL.md) and the bus (NATS
 * JetStream) with its dead letters. Part of the registry, `REASON_CODES`.
 */
export const TRANSPORT_REASON_CODES = {
  // protocol
  MESSAGE_TRUNCATED: { sources: ['protocol'], summary: 'The message encoding ends early.' },
  MESSAGE_UNKNOWN_VERSION: {
    sources: ['protocol'],
    summary: 'The message uses a protocol version this relayer does not know.',
  },
  MESSAGE_PAYLOAD_TOO_LARGE: { sources: ['protocol'], summary: 'The payload is larger than the protocol allows.' },
  MESSAGE_FIELD_OUT_OF_RANGE: {
    sources: ['protocol'],
    summary: 'A message field does not fit its wire width (domain, nonce, gas).',
  },
  MAX_PAYLOAD_INVALID: {
    sources: ['protocol'],
    summary: 'The configured maximum payload size is not a positive integer the protocol allows.',
  },
  HEX_INVALID: { sources: ['protocol'], summary: 'A value that must be 0x hex is not.' },
  ADDRESS_INVALID: { sources: ['protocol'], summary: 'An address is not 20 bytes (EVM) or 32 bytes (Solana).' },
  ADDRESS_HIGH_BYTES_NONZERO: { sources: ['protocol'], summary: 'A 32-byte EVM address has non-zero high bytes.' },
  DOMAIN_UNKNOWN: { sources: ['protocol'], summary: 'A domain is not a relaymesh domain.' },
  KECCAK_INPUT_INVALID: { sources: ['protocol'], summary: 'The input of a keccak batch is malformed.' },
  MERKLE_EMPTY: { sources: ['protocol'], summary: 'A Merkle tree over no leaves was asked for.' },
  MERKLE_LEAVES_MALFORMED: { sources: ['protocol'], summary: 'Merkle leaves are not 32-byte hashes.' },
  MERKLE_INDEX_OUT_OF_RANGE: { sources: ['protocol'], summary: 'A Merkle proof index is past the last leaf.' },
  MERKLE_INDICES_INVALID: { sources: ['protocol'], summary: 'Multiproof indices are not sorted, unique and in range.' },
  // bus
  BUS_CONNECT_FAILED: { sources: ['bus'], summary: 'NATS JetStream could not be reached or refused the connection.' },
  BUS_INVALID_NAME: { sources: ['bus'], summary: 'A stream, consumer or subject name is not valid in NATS.' },
  BUS_STREAM_SETUP_FAILED: { sources: ['bus'], summary: 'A JetStream stream could not be created or updated.' },
  BUS_CONSUMER_SETUP_FAILED: { sources: ['bus'], summary: 'A JetStream consumer could not be created or updated.' },
  BUS_CONSUMER_MISCONFIGURED: {
    sources: ['bus'],
    summary: 'An existing JetStream consumer has settings that conflict with the ones the service needs.',
  },
  BUS_PAYLOAD_TOO_LARGE: { sources: ['bus'], summary: "A bus message is larger than the server's max_payload." },
  BUS_PUBLISH_FAILED: { sources: ['bus'], summary: 'JetStream did not acknowledge a publish.' },
  BUS_STREAM_FULL: {
    sources: ['bus'],
    summary:
      'A stream is about to discard messages a consumer has not acked (its oldest go first when it reaches its ' +
      'byte limit): the watcher waits at its cursor until the consumer catches up.',
  },
  BUS_ENCODE_FAILED: { sources: ['bus'], summary: 'A value could not be encoded for the bus.' },
  BUS_DECODE_FAILED: { sources: ['bus'], summary: 'A bus message does not decode as the type its subject carries.' },
  BUS_CODEC_MISMATCH: {
    sources: ['bus'],
    summary: 'A bus message was written with another codec than the consumer reads.',
  },
  BUS_FETCH_FAILED: { sources: ['bus'], summary: 'Pulling messages from a JetStream consumer failed.' },
  UNCLASSIFIED_ERROR: {
    sources: ['bus'],
    summary:
      "A bus message's handler threw an error that is not a relaymesh error (a bug or a library error): retried, " +
      'then dead-lettered with this code.',
  },
} as const satisfies Record<string, ReasonCodeEntry>
