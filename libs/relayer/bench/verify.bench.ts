// `npm run bench:verify`: headers (updates)/s and messages/s per source chain with 1 and 2 worker
// threads. Each chain's section lives beside this file (verify.eth.ts, verify.bsc.ts, verify.solana.ts)
// and is run when present, so the chains' owners extend it independently.
import { existsSync } from 'node:fs'

type Section = { file: string; run: (mod: Record<string, unknown>) => Promise<void> }

const sections: Section[] = [
  {
    file: './verify.eth.ts',
    // reason: verify.eth.ts exports both
    run: async (m) => (m['printEth'] as (r: unknown) => void)(await (m['benchVerifyEth'] as () => Promise<unknown>)()),
  },
  {
    file: './verify.bsc.ts',
    run: async (m) => {
      // reason: verify.bsc.ts's export
      const results = await (
        m['benchVerifyBsc'] as () => Promise<
          { threads: number; headers: number; headersPerSecond: number; messagesPerSecond: number }[]
        >
      )()
      for (const r of results)
        console.log(
          `bsc parlia  threads=${r.threads}  headers=${r.headers}  ${r.headersPerSecond.toFixed(0)} headers/s  ` +
            `${r.messagesPerSecond.toFixed(0)} messages/s`,
        )
      const [one, two] = results
      if (one && two)
        console.log(
          `bsc scaling 1 -> ${two.threads} workers: ${(two.headersPerSecond / one.headersPerSecond).toFixed(2)}x`,
        )
    },
  },
  { file: './verify.solana.ts', run: async (m) => void (await (m['main'] as (() => Promise<void>) | undefined)?.()) },
]

for (const section of sections) {
  if (!existsSync(new URL(section.file, import.meta.url))) continue
  await section.run((await import(section.file)) as Record<string, unknown>) // reason: a module namespace
}
