export type RssSampler = { peak(): number; stagePeak(): number; mark(): void; stop(): void }

/**
 * Resident memory of this process (main and worker threads), sampled every 50 ms; `mark()` starts a stage's own peak.
 */
export function sampleRss(): RssSampler {
  let peak = process.memoryUsage().rss
  let stage = peak
  const timer = setInterval(() => {
    const rss = process.memoryUsage().rss
    peak = Math.max(peak, rss)
    stage = Math.max(stage, rss)
  }, 50)
  return {
    peak: () => peak,
    stagePeak: () => stage,
    mark: () => (stage = process.memoryUsage().rss),
    stop: () => clearInterval(timer),
  }
}
