import { isRelaymeshError } from '@relaymesh/errors'
import { decodeMessage, keccak256, type Message, type MessageCodecOptions } from '@relaymesh/protocol'
import { OUTBOX_MEMO_PREFIX, OUTBOX_MEMO_VERSION } from '../constants.js'
import { SolanaSourceError } from '../SolanaSourceError.js'

/**
 * A memo that decoded to a relaymesh message.
 *
 * @example
 * const { message, encoded, id } = decodeOutboxMemo(data)
 */
export type DecodeOutboxMemoReturnType = {
  message: Message
  /** The message's wire bytes (PROTOCOL.md), as base64-decoded from the memo. */
  encoded: Uint8Array
  /** `keccak256(encoded)`, 32 bytes (hex only where it leaves the process: `bytesToHex`). */
  id: Uint8Array
}

const PREFIX = new TextEncoder().encode(OUTBOX_MEMO_PREFIX)
const COLON = 0x3a
const BASE64_ALPHABET = /^[A-Za-z0-9+/]*={0,2}$/

function hasPrefix(data: Uint8Array): boolean {
  if (data.length < PREFIX.length) return false
  for (let i = 0; i < PREFIX.length; i++) if (data[i] !== PREFIX[i]) return false
  return true
}

function splitVersion(data: Uint8Array): { version: string; body: string } {
  const rest = Buffer.from(data.buffer, data.byteOffset + PREFIX.length, data.length - PREFIX.length)
  const colon = rest.indexOf(COLON)
  if (colon < 0) {
    // `relaymesh:v1` (or a prefix of it) with nothing after: cut before the payload.
    throw new SolanaSourceError('MEMO_TRUNCATED', 'outbox memo ends before its payload', {
      meta: { bytes: data.length },
    })
  }
  return { version: rest.subarray(0, colon).toString('latin1'), body: rest.subarray(colon + 1).toString('latin1') }
}

function decodeBase64(body: string): Uint8Array {
  if (!BASE64_ALPHABET.test(body)) {
    throw new SolanaSourceError('MEMO_BAD_ENCODING', 'outbox memo payload is not standard base64', {
      meta: { chars: body.length },
    })
  }
  // Right alphabet but a length that is no multiple of 4: the text was cut.
  if (body.length % 4 !== 0) {
    throw new SolanaSourceError('MEMO_TRUNCATED', 'outbox memo base64 is cut short', { meta: { chars: body.length } })
  }
  const bytes = Buffer.from(body, 'base64')
  // Buffer ignores non-canonical tails; re-encoding catches them.
  if (bytes.toString('base64') !== body) {
    throw new SolanaSourceError('MEMO_BAD_ENCODING', 'outbox memo base64 is not canonical', {
      meta: { chars: body.length },
    })
  }
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length)
}

function decodeInner(encoded: Uint8Array, options?: MessageCodecOptions): Message {
  try {
    return decodeMessage(encoded, options)
  } catch (error) {
    if (isRelaymeshError(error, 'MESSAGE_TRUNCATED')) {
      throw new SolanaSourceError('MEMO_TRUNCATED', 'outbox memo holds a truncated message', {
        cause: error,
        meta: { bytes: encoded.length },
      })
    }
    if (isRelaymeshError(error, 'MESSAGE_UNKNOWN_VERSION')) {
      throw new SolanaSourceError('MEMO_UNKNOWN_VERSION', 'outbox memo holds an unknown message version', {
        cause: error,
        meta: error.meta,
      })
    }
    throw new SolanaSourceError('MEMO_BAD_ENCODING', 'outbox memo holds an invalid message', { cause: error })
  }
}

/**
 * Decodes SPL Memo instruction data (MEMO_FORMAT.md). Reads the instruction's
 * data bytes, never the program's log line, whose wording differs between
 * validator builds. Pure and synchronous.
 *
 * @throws {SolanaSourceError} `MEMO_NOT_PROTOCOL` (no `relaymesh:` prefix: an
 * ordinary memo, ignore it), `MEMO_TRUNCATED`, `MEMO_UNKNOWN_VERSION` (memo format
 * or message version), `MEMO_BAD_ENCODING`.
 * @example
 * const { message, id } = decodeOutboxMemo(encodeOutboxMemo(message))
 */
export function decodeOutboxMemo(
  instructionData: Uint8Array,
  options?: MessageCodecOptions,
): DecodeOutboxMemoReturnType {
  if (!hasPrefix(instructionData)) {
    throw new SolanaSourceError('MEMO_NOT_PROTOCOL', 'memo is not a relaymesh outbox memo', {
      meta: { bytes: instructionData.length },
    })
  }
  const { version, body } = splitVersion(instructionData)
  if (version !== OUTBOX_MEMO_VERSION) {
    throw new SolanaSourceError(
      'MEMO_UNKNOWN_VERSION',
      `outbox memo version ${JSON.stringify(version.slice(0, 16))} is not ${OUTBOX_MEMO_VERSION}`,
      {
        meta: { version: version.slice(0, 16) },
      },
    )
  }
  const encoded = decodeBase64(body)
  const message = decodeInner(encoded, options)
  return { message, encoded, id: keccak256(encoded) }
}
