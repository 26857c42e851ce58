import { setRoutePaused } from '@relaymesh/sdk/api'
import { positionals, requireToken, type OperatorArgs } from './operatorArgs.js'
import { operatorClient } from './operatorClient.js'

/** `relaymesh resume <origin>-<destination>`: batching on the route starts again. */
export async function resumeCommand(args: OperatorArgs): Promise<void> {
  const [route] = positionals(args, ['origin>-<destination'])
  const state = await setRoutePaused(operatorClient(args), {
    // reason: one positional checked
    route: route as string,
    paused: false,
    token: requireToken(args),
  })
  if (args.json) console.log(JSON.stringify(state, null, 2))
  else console.log(`route ${state.route} resumed`)
}
