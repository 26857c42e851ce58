/** `GET /v1/relayers` as the explorer reads it (the server's `RelayerSets`, the fields shown here). */
export type ChainRelayersView = {
  domain: number
  name: string
  inbox: `0x${string}`
  relayers: `0x${string}`[] | null
  threshold: number | null
  paused: boolean | null
  settler: { address: `0x${string}`; balanceWei: string | null }
  error: { code: string; message: string } | null
}

export type RelayerSetsView = { chains: ChainRelayersView[] }
