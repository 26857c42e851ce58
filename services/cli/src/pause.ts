import { setRoutePaused } from '@relaymesh/sdk/api'
import { positionals, requireToken, type OperatorArgs } from './operatorArgs.js'
import { operatorClient } from './operatorClient.js'

/** `relaymesh pause <origin>-<destination>`: this relayer's batcher stops sealing the route's messages. */
export async function pauseCommand(args: OperatorArgs): Promise<void> {
  const [route] = positionals(args, ['origin>-<destination'])
  const state = await setRoutePaused(operatorClient(args), {
    // reason: one positional checked
    route: route as string,
    paused: true,
    token: requireToken(args),
  })
  if (args.json) console.log(JSON.stringify(state, null, 2))
  else console.log(`route ${state.route} paused since ${state.pausedAt}: its verified messages wait until resumed`)
}
