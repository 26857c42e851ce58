import {
  verifySettlementReceipt,
  type BatchStatus,
  type MessageStatus,
  type SettlementReceipt,
  type TrustedRelayerSet,
} from '@relaymesh/sdk'
import { useState } from 'preact/hooks'
import { buildReceiptFromApi } from '../buildReceiptFromApi.js'
import { receiptCheckResults, type ReceiptCheckResult } from '../receiptChecks.js'
import type { ChainRelayersView } from '../RelayerSetsView.js'

function trustedSetOf(chain: ChainRelayersView | undefined): TrustedRelayerSet | null {
  if (!chain?.relayers || chain.threshold === null) return null
  return { relayers: chain.relayers, threshold: chain.threshold, inbox: chain.inbox, chainId: chain.domain }
}

const pretty = (value: unknown) => JSON.stringify(value, null, 2)

type VerifyOutcome = { results: ReceiptCheckResult[]; valid: boolean }

/** Runs the SDK's check in the browser; any throw (including bad JSON) becomes a failed check. */
function verify(receiptText: string, trustedText: string): VerifyOutcome {
  try {
    // reason: verifySettlementReceipt checks the shape itself
    const receipt = JSON.parse(receiptText) as SettlementReceipt
    const trusted = JSON.parse(trustedText) as TrustedRelayerSet // reason: checked by its first check
    verifySettlementReceipt(receipt, trusted)
    return { results: receiptCheckResults(null), valid: true }
  } catch (error) {
    // reason: a ReceiptVerificationError or a SyntaxError
    const { code, message } = error as { code?: string; message?: string }
    return {
      results: receiptCheckResults({ code: code ?? 'RECEIPT_MALFORMED', message: message ?? String(error) }),
      valid: false,
    }
  }
}

/** A labelled JSON text area the reader edits. */
function JsonField(p: { id: string; label: string; rows: number; value: string; onInput: (value: string) => void }) {
  return (
    <>
      <label for={p.id}>{p.label}</label>
      <textarea
        id={p.id}
        rows={p.rows}
        value={p.value}
        onInput={(e) => p.onInput(e.currentTarget.value)}
        spellcheck={false}
      />
    </>
  )
}

/** The verdict and each check's result, announced to screen readers. */
function ReceiptCheckOutcome({ outcome }: { outcome: VerifyOutcome }) {
  return (
    <div role="status" aria-live="polite">
      <p class={outcome.valid ? 'verdict valid' : 'verdict invalid'}>
        {outcome.valid ? 'Receipt valid: every check passed.' : 'Receipt NOT valid.'}
      </p>
      <ol class="checks">
        {outcome.results.map((r) => (
          <li key={r.label} class={`check ${r.status.replace(' ', '-')}`}>
            <span class="check-status">{r.status}</span> {r.label}
            {r.message && <div class="check-message">{r.message}</div>}
          </li>
        ))}
      </ol>
    </div>
  )
}

/** "Verify this receipt": the SDK's `verifySettlementReceipt`, run here, against a relayer set the reader can edit. */
export function ReceiptVerifier({
  status,
  batch,
  chain,
}: {
  status: MessageStatus
  batch: BatchStatus | null
  chain: ChainRelayersView | undefined
}) {
  const trusted = trustedSetOf(chain)
  const [trustedText, setTrustedText] = useState(trusted ? pretty(trusted) : '')
  const [receiptText, setReceiptText] = useState('')
  const [outcome, setOutcome] = useState<VerifyOutcome | null>(null)
  const fill = () => {
    const set = trusted ?? { relayers: [], threshold: 1, inbox: `0x${'00'.repeat(20)}`, chainId: status.destination }
    const receipt = batch ? buildReceiptFromApi(status, batch, set) : null
    if (receipt) setReceiptText(pretty(receipt))
  }
  const canFill = Boolean(batch && status.proof)
  return (
    <section aria-labelledby="verify-receipt" class="receipt">
      <h2 id="verify-receipt">Verify this receipt</h2>
      <p>
        Runs the SDK’s <code>verifySettlementReceipt</code> in this browser: no relayer is trusted, only the relayer set
        below (read from the destination inbox by the API; edit it to check against your own). Paste a receipt from the
        SDK’s
        <code> getSettlementReceipt</code>, or fill one from the API: then the settlement and execution records are the
        API’s view, since this page reads no chain.
      </p>
      <JsonField id="trusted-set" label="Trusted relayer set" rows={6} value={trustedText} onInput={setTrustedText} />
      <JsonField id="receipt-json" label="Receipt (JSON)" rows={8} value={receiptText} onInput={setReceiptText} />
      <div class="buttons">
        <button type="button" onClick={fill} disabled={!canFill}>
          Fill from the API
        </button>
        <button
          type="button"
          onClick={() => setOutcome(verify(receiptText, trustedText))}
          disabled={receiptText.trim() === ''}
        >
          Verify receipt
        </button>
      </div>
      {!canFill && <p class="note">This message is not in a batch with a proof yet: paste a receipt to check one.</p>}
      {outcome && <ReceiptCheckOutcome outcome={outcome} />}
    </section>
  )
}
