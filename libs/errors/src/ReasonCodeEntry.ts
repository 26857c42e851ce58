/** Who raises or records a reason code: each lib's error code type is the slice of the registry it raises. */
export type ReasonCodeSource =
  /** `RelayerError`: the pipeline (watcher, verifier, batcher, settler, follower, attester). */
  | 'relayer'
  /** The recipient contract's outcome, recorded by the inbox follower. */
  | 'recipient'
  /** `LightClientError`, Ethereum (Altair sync protocol, Capella+ headers). */
  | 'light-client'
  /** `LightClientError`, BSC (Parlia): each names the rule of bnb-chain/bsc `consensus/parlia` the input broke. */
  | 'parlia'
  /** `ReceiptProofError`: headers, receipts and their Merkle-Patricia proofs. */
  | 'receipt-proof'
  /** `SolanaSourceError`: outbox memos and slot commitments. */
  | 'solana'
  /** `ProtocolError`: the wire protocol (PROTOCOL.md). */
  | 'protocol'
  /** `BusError` and the bus's dead letters. */
  | 'bus'
  /** `StoreError`. */
  | 'store'
  /** `ApiError`: what the relayer API answers. */
  | 'api'
  /** `TelemetryError`: `OTEL_*` configuration, found at start. */
  | 'telemetry'

/** One code: who raises or records it, and what it means, in words an operator reads. */
export type ReasonCodeEntry = { sources: readonly ReasonCodeSource[]; summary: string }
