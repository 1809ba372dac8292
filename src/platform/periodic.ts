/**
 * A task the server runs every `intervalMs` (and once at start): one run at a time, a failed run is
 * reported and the next one tries again. `tick()` runs it now, after the one in progress.
 */
export interface Periodic {
  tick(): Promise<void>
  stop(): Promise<void>
}

export function startPeriodic(task: () => Promise<unknown>, options: { intervalMs: number; onError: (error: unknown) => void }): Periodic {
  let running: Promise<void> = Promise.resolve()
  let stopped = false
  const tick = () => {
    running = running.then(async () => {
      if (stopped) return
      try {
        await task()
      } catch (error) {
        options.onError(error)
      }
    })
    return running
  }
  const timer = setInterval(() => void tick(), options.intervalMs)
  timer.unref()
  void tick()
  return {
    tick,
    async stop() {
      clearInterval(timer)
      await running
      stopped = true
    },
  }
}
