// A dApp's script outside the repository, as installed from the packed tarballs
// (libs/sdk/src/installedPackage.int.test.ts copies it into a temporary folder, typechecks it with tsc against the
// installed declarations, then runs it). It verifies a settlement receipt offline, sees a tampered copy rejected with
// its reason code, and re-encodes the receipt's message with @relaymesh/protocol. One JSON line out.
import { readFileSync } from 'node:fs'
import { BaseError } from '@relaymesh/errors'
import { decodeMessage, encodeMessageHex, messageId, type Message } from '@relaymesh/protocol'
import {
  ReceiptVerificationError,
  UNPROVEN_RECEIPT_FIELDS,
  verifySettlementReceipt,
  type ReceiptVerificationErrorCode,
  type SettlementReceipt,
  type TrustedRelayerSet,
} from '@relaymesh/sdk'

// Every line below fails to compile if a declaration it names degrades to `any` (a missing .d.ts, an import in one
// that does not resolve): `skipLibCheck` would otherwise hide it.
type IsAny<T> = 0 extends 1 & T ? true : false
export const typesAreNamed: [false, false, false, false, false, false] = [
  false as IsAny<SettlementReceipt>,
  false as IsAny<typeof verifySettlementReceipt>,
  false as IsAny<Message>,
  false as IsAny<ReceiptVerificationError['action']>,
  false as IsAny<typeof BaseError>,
  false as IsAny<ReceiptVerificationErrorCode>,
]

type Input = { receipt: SettlementReceipt; trusted: TrustedRelayerSet }
// reason: written by the test
const { receipt, trusted } = JSON.parse(readFileSync(process.argv[2] ?? 'receipt.json', 'utf8')) as Input
const { valid }: { valid: true } = verifySettlementReceipt(receipt, trusted)

// Never called: it only has to fail to compile (the expect-error is itself an error when the parameter is `any`).
export const misuse = () =>
  verifySettlementReceipt(receipt, {
    ...trusted,
    // @ts-expect-error a threshold is a number
    threshold: 'two',
  })

const tampered: SettlementReceipt = structuredClone(receipt)
tampered.proof.leafIndex += 1
let rejected: { code: ReceiptVerificationErrorCode; action: string; isBaseError: boolean } | undefined
try {
  verifySettlementReceipt(tampered, trusted)
} catch (error) {
  if (error instanceof ReceiptVerificationError)
    rejected = { code: error.code, action: error.action, isBaseError: error instanceof BaseError }
}

const decoded: Message = decodeMessage(receipt.message.encoded)
const reencodedId = messageId(encodeMessageHex(decoded))
// eslint-disable-next-line no-console -- the script's output, read by the test
console.log(
  JSON.stringify({
    valid,
    rejected,
    reencodedId,
    nonce: decoded.nonce.toString(),
    unproven: UNPROVEN_RECEIPT_FIELDS.length,
  }),
)
