/** The services of one relayer, each its own process in a deployment (`relaymesh <name>`). */
export const SERVICE_NAMES = ['watcher', 'verifier', 'batcher', 'settler', 'api'] as const

/** One of {@link SERVICE_NAMES}. */
export type ServiceName = (typeof SERVICE_NAMES)[number]
