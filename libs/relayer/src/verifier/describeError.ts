import { ProtocolError } from '@relaymesh/protocol'
import { ReceiptProofError } from '@relaymesh/receipt-proof'
import { RelayerError } from '../RelayerError.js'

/** The reason stored with a rejection: `CODE: short message` for relaymesh errors. */
export function describeError(error: unknown): string {
  if (error instanceof RelayerError || error instanceof ReceiptProofError || error instanceof ProtocolError)
    return `${error.code}: ${error.shortMessage}`
  return error instanceof Error ? error.message : String(error)
}
