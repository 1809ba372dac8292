/**
 * A task the server runs every `intervalMs` (and once at start): one run at a time, a failed run is
 * reported and the next one tries again. `tick()` runs it now, after the one in progress (and tells the
 * task it was asked for: `manual` is true).
 */
export interface Periodic {
  tick(): Promise<void>
  stop(): Promise<void>
}

export function startPeriodic(
  task: (manual: boolean) => Promise<unknown>,
  options: { intervalMs: number; onError: (error: unknown) => void },
): Periodic {
  let running: Promise<void> = Promise.resolve()
  let stopped = false
  const run = (manual: boolean) => {
    running = running.then(async () => {
      if (stopped) return
      try {
        await task(manual)
      } catch (error) {
        options.onError(error)
      }
    })
    return running
  }
  const timer = setInterval(() => void run(false), options.intervalMs)
  timer.unref()
  void run(false)
  return {
    tick: () => run(true),
    async stop() {
      clearInterval(timer)
      await running
      stopped = true
    },
  }
}
