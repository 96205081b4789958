/**
 * Peak resident memory of this process over an interval: RSS sampled on a timer (unref'd, so it never keeps
 * the process alive), plus the kernel's exact lifetime peak (`resourceUsage().maxRSS`) when that peak was
 * set during the interval.
 */

/** Sampling period in milliseconds: short enough to catch a generation's peak, cheap (one syscall). */
export const RSS_SAMPLE_MS = 50;

export function startPeakMemory(intervalMs = RSS_SAMPLE_MS): { finish(): number } {
  const startMaxKb = process.resourceUsage().maxRSS;
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, intervalMs);
  timer.unref();
  return {
    /** Stops sampling; returns the peak in MB. */
    finish() {
      clearInterval(timer);
      peak = Math.max(peak, process.memoryUsage.rss());
      const endMaxKb = process.resourceUsage().maxRSS;
      if (endMaxKb > startMaxKb) peak = Math.max(peak, endMaxKb * 1024);
      return peak / (1024 * 1024);
    },
  };
}
