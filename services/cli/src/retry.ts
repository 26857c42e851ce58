import { retryMessage } from '@relaymesh/sdk/api'
import { positionals, requireToken, type OperatorArgs } from './operatorArgs.js'
import { operatorClient } from './operatorClient.js'

/** `relaymesh retry <id>`: a failed message becomes due for execution again. */
export async function retryCommand(args: OperatorArgs): Promise<void> {
  const [id] = positionals(args, ['id'])
  // reason: the API validates the id
  const result = await retryMessage(operatorClient(args), { id: id as `0x${string}`, token: requireToken(args) })
  if (args.json) console.log(JSON.stringify(result, null, 2))
  else
    console.log(`${result.id}: due for execution again (state ${result.state}, attempts reset to ${result.attempts})`)
}
