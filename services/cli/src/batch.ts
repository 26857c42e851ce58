import { getBatch, type BatchStatus } from '@relaymesh/sdk/api'
import { formatFields } from './formatTable.js'
import { positionals, UsageError, type OperatorArgs } from './operatorArgs.js'
import { operatorClient } from './operatorClient.js'

function print(b: BatchStatus): void {
  console.log(
    formatFields([
      ['batch', `${b.destination}/${b.batchIndex}`],
      ['state', b.state],
      ['hash', b.batchHash],
      ['root', b.root],
      ['messages', b.messageCount],
      ['previous', b.previousBatchHash],
      ['proposer', b.proposer],
      ['submit tx', b.submitTxHash],
      ['signers', b.signatures.map((s) => s.signer).join(', ') || null],
      ...Object.entries(b.times).map(([hop, at]) => [hop, at] as const),
    ]),
  )
}

/** `relaymesh batch <destination> <index>`: one batch's state, signatures and submit tx. */
export async function batchCommand(args: OperatorArgs): Promise<void> {
  const [destination, index] = positionals(args, ['destination', 'index'])
  if (!/^[0-9]+$/.test(destination ?? '') || !/^[0-9]+$/.test(index ?? ''))
    throw new UsageError('destination and index are decimal integers')
  const batch = await getBatch(operatorClient(args), {
    destination: Number(destination),
    // reason: checked above
    batchIndex: BigInt(index as string),
  })
  if (args.json) console.log(JSON.stringify(batch, null, 2))
  else print(batch)
}
