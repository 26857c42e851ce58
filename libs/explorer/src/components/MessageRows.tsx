import type { MessageSummary } from '@relaymesh/sdk'
import { chainName, shortHex } from '../format.js'
import { routeHref } from '../parseExplorerRoute.js'

/** A table of messages, each row linking to its message page. */
export function MessageRows({ messages }: { messages: readonly MessageSummary[] }) {
  return (
    <div class="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">Message</th>
            <th scope="col">Route</th>
            <th scope="col">State</th>
            <th scope="col">Nonce</th>
          </tr>
        </thead>
        <tbody>
          {messages.map((m) => (
            <tr key={m.id}>
              <td>
                <a href={routeHref({ page: 'message', id: m.id })}>
                  <code>{shortHex(m.id)}</code>
                </a>
              </td>
              <td>
                {chainName(m.origin)} → {chainName(m.destination)}
              </td>
              <td>
                <span class={`badge state-${m.state}`}>{m.state}</span>
              </td>
              <td>{m.nonce}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
