/**
 * A message's stored fields as `pg` returns them for `SELECT id, nonce, origin, sender, recipient, gas_limit, payload`:
 * what the settler re-encodes into the message's wire bytes (`execute`, `submitAndExecute`).
 */
export type StoredMessageRow = {
  id: Buffer
  nonce: string
  origin: string
  sender: Buffer
  recipient: Buffer
  gas_limit: string
  payload: Buffer
}
