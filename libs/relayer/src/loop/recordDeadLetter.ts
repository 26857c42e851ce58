import { recordRejections } from '@relaymesh/store'
import type { DeadLetter } from '@relaymesh/bus'
import { toReasonCode } from '@relaymesh/errors'
import type { RelayerContext } from '../context/createRelayerContext.js'

/** `consume`'s `onDeadLetter`: every dead letter is also a `rejections` row with its reason. */
export function recordDeadLetter(ctx: Pick<RelayerContext, 'db'>) {
  return async (entry: DeadLetter): Promise<void> => {
    await recordRejections(ctx.db, [
      {
        stage: 'dead-letter',
        reasonCode: toReasonCode(entry.reasonCode),
        details: {
          code: entry.reasonCode,
          subject: entry.originalSubject,
          stream: entry.stream,
          seq: entry.streamSequence,
          message: entry.reasonMessage,
          msgId: entry.msgId,
        },
      },
    ])
  }
}
