import { readFileSync, readdirSync } from 'node:fs'

/** One process's CPU and memory as Linux accounts them (`/proc/<pid>/stat` and `status`). */
export type ProcessUsage = { pid: number; cpuSeconds: number; rssBytes: number; peakRssBytes: number }

// USER_HZ: the unit of utime/stime in /proc/<pid>/stat; 100 on every Linux build this runs on (getconf CLK_TCK).
const CLOCK_TICKS_PER_SECOND = 100

/**
 * CPU seconds (user + system, all threads, so worker threads count) and the
 * current and peak resident memory of `pid`, or undefined when it is gone.
 *
 * @example
 * const usage = readProcessUsage(process.pid)
 * usage?.peakRssBytes // e.g. 61_000_000
 */
export function readProcessUsage(pid: number): ProcessUsage | undefined {
  let stat: string
  let status: string
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    status = readFileSync(`/proc/${pid}/status`, 'utf8')
  } catch {
    return undefined
  }
  // The command name (field 2) may hold spaces and parentheses: fields are counted after its closing ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  const ticks = Number(fields[11]) + Number(fields[12]) // utime, stime (fields 14 and 15 of stat(5))
  return {
    pid,
    cpuSeconds: ticks / CLOCK_TICKS_PER_SECOND,
    rssBytes: statusKib(status, 'VmRSS') * 1024,
    peakRssBytes: statusKib(status, 'VmHWM') * 1024,
  }
}

function statusKib(status: string, key: string): number {
  const match = new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)
  return match ? Number(match[1]) : 0
}

/** Pids of every process whose command name (`/proc/<pid>/comm`) is `name`, e.g. all `postgres` backends. */
export function findProcessesByName(name: string): number[] {
  const pids: number[] = []
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === name) pids.push(Number(entry))
    } catch {
      // gone between readdir and read
    }
  }
  return pids
}
