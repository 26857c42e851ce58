/** What `relaymesh devnet` prints where the devnet is not installed (the image: `npm ci --omit=dev`). */
export const DEVNET_NOT_INSTALLED =
  'relaymesh devnet: the devnet is a development tool (local chains: anvil, LiteSVM) and is not in this ' +
  'install, which holds production dependencies only. Run it from a source checkout: `npm ci && npm run devnet`.'

/**
 * Packages only a development install holds: the devnet and the local chains it starts. The image links every
 * workspace but holds no devnet code, so node names the missing file inside the package.
 */
const DEVELOPMENT_PACKAGES = /@relaymesh\/(service-devnet|localchain|solana\/local)\b|@foundry-rs\/|\blitesvm/

export type DevnetMain = (argv: string[]) => Promise<void>

/**
 * The devnet's `main`, loaded only when the command runs, or `undefined` where this install has no devnet
 * (a missing development package); any other failure to load it is thrown.
 */
export async function loadDevnet(
  importDevnet: () => Promise<{ main: DevnetMain }> = () => import('@relaymesh/service-devnet'),
): Promise<DevnetMain | undefined> {
  try {
    return (await importDevnet()).main
  } catch (error) {
    // Only what is missing counts, not the module that imported it: "Cannot find package 'x' imported from y".
    const missing =
      error instanceof Error &&
      'code' in error &&
      error.code === 'ERR_MODULE_NOT_FOUND' &&
      DEVELOPMENT_PACKAGES.test(error.message.split(' imported from ')[0] ?? '')
    if (missing) return undefined
    throw error
  }
}
