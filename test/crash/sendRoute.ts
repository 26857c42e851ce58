import type { LocalMesh } from '@relaymesh/devnet/local-mesh'
import type { Bridge } from '@relaymesh/localchain'
import { crossChainTokenAbi } from '@relaymesh/evm-contracts'
import { encodeFunctionData, type Hex } from 'viem'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** How much traffic a route carries: `perRoute` transfers of `amount`, `perRoute / ticks` every `tickMs`. */
export type RouteTraffic = { perRoute: number; ticks: number; tickMs: number; amount: bigint }

/**
 * Sends `perRoute` transfers from `from` to `to`, perRoute / ticks every tickMs from `start`. Signed here with
 * a local nonce and fixed gas: one RPC per transfer keeps the pace on a loaded 2-core machine.
 */
export async function sendRoute(
  mesh: LocalMesh,
  traffic: RouteTraffic,
  route: { from: Bridge; to: Bridge; recipient: Hex; start: number },
): Promise<Hex[]> {
  const { from, to, recipient, start } = route
  const { sender } = mesh
  const client = from.chain.publicClient
  const data = encodeFunctionData({
    abi: crossChainTokenAbi,
    functionName: 'transferRemote',
    args: [to.domain, recipient, traffic.amount],
  })
  const gas = (await client.estimateGas({ account: sender.address, to: from.addresses.token, data })) * 2n
  const fees = await client.estimateFeesPerGas()
  let nonce = await client.getTransactionCount({ address: sender.address, blockTag: 'pending' })
  const hashes: Hex[] = []
  for (let tick = 0; tick < traffic.ticks; tick++) {
    for (let i = 0; i < traffic.perRoute / traffic.ticks; i++) {
      const raw = await sender.signTransaction({
        chainId: from.domain,
        type: 'eip1559',
        nonce: nonce++,
        to: from.addresses.token,
        data,
        gas,
        maxFeePerGas: fees.maxFeePerGas * 4n,
        maxPriorityFeePerGas: fees.maxPriorityFeePerGas,
      })
      hashes.push(await client.sendRawTransaction({ serializedTransaction: raw }))
    }
    await sleep(start + (tick + 1) * traffic.tickMs - Date.now())
  }
  return hashes
}
