import type { Stage } from './timed.js'

/** Prints a stage's figures for `total` messages: wall time, messages/s, and CPU ms per 1,000 messages. */
export function reportStage(total: number, name: string, s: Stage, note = ''): void {
  const rate = Math.round((total * 1000) / s.wallMs).toLocaleString('en-US')
  const cpu = ((s.cpuMs * 1000) / total).toFixed(0)
  console.log(
    `  ${name.padEnd(44)} ${s.wallMs.toFixed(0).padStart(7)} ms ${rate.padStart(9)} msg/s ${cpu.padStart(6)} CPU ` +
      `ms/1k msgs  ${note}`,
  )
}
