import { numberToHex, type Hex } from 'viem'
import type { Logger } from '@relaymesh/telemetry'
import type { EndpointRotation } from '../endpoints/createEndpointRotation.js'
import { blameRefusedHeader, type BlameRefusedHeaderReturnType } from './blameRefusedHeader.js'
import type { RefusedSourceBlock } from './rereadRefusedBlock.js'

/**
 * Reads the height of a header the finality light client refused (`PARLIA_UNKNOWN_SIGNER`: a liar re-sealing its
 * own fork with its own key) from every endpoint of the chain, and demotes those still serving it when another serves
 * a different header there (`blameRefusedHeader`); each is named in the log, its URL redacted. The caller feeds the
 * headers from that height again when `refeed`, now read first from an endpoint that was not caught.
 *
 * @example
 * const { liars, refeed } = await rereadRefusedHeader({ rotation, logger }, { number, hash, reasonCode })
 */
export async function rereadRefusedHeader(
  p: { rotation: EndpointRotation; logger: Logger },
  refused: RefusedSourceBlock,
): Promise<BlameRefusedHeaderReturnType> {
  const at = { block: refused.number.toString(), refused: refused.hash, code: refused.reasonCode }
  const answers = await Promise.all(
    p.rotation.ranked().map(async (index) => {
      const header = (await p.rotation
        .endpoint(index)
        .request({ method: 'eth_getBlockByNumber', params: [numberToHex(refused.number), false] })
        .catch((err: unknown) => {
          p.logger.warn({ ...at, err, endpoint: p.rotation.describe(index) }, 'could not read a refused header here')
          return null
        })) as { hash?: Hex } | null // reason: an eth_getBlockByNumber answer, of which only the hash is read
      return { index, hash: header?.hash }
    }),
  )
  const blame = blameRefusedHeader({ refused: refused.hash, answers })
  for (const index of blame.liars) {
    p.rotation.demote(index)
    p.logger.error(
      { ...at, endpoint: p.rotation.describe(index) },
      'an RPC endpoint serves a header the light client refused: avoided for a while, headers fed again from the next',
    )
  }
  if (!blame.refeed) p.logger.warn(at, 'every RPC endpoint that answered serves a header the light client refused')
  return blame
}
