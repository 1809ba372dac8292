/**
 * Work that is costly and shared (a password hash takes the machine's cores for a tenth of a second)
 * served fairly between the parties who ask for it: at most `concurrency` jobs run at once, and when a
 * slot frees it goes to the waiting party with the fewest jobs running (the longest-waiting among
 * equals), not to the next job in arrival order. A party that queues thirty jobs delays another party's
 * one job by at most one job's time.
 */
export class FairQueue {
  readonly #concurrency: number
  #running = 0
  // jobs running per party (a party with none is not in the map)
  readonly #runningOf = new Map<string, number>()
  // each waiting party's jobs in arrival order; a Map iterates in insertion order, so re-inserting a
  // party after serving it puts it at the back among equals
  readonly #waiting = new Map<string, (() => void)[]>()

  constructor(concurrency: number) {
    if (!Number.isInteger(concurrency) || concurrency < 1)
      throw new Error('a fair queue runs at least one job at a time')
    this.#concurrency = concurrency
  }

  /** Runs `job` for `party` when its turn comes. */
  async run<T>(party: string, job: () => Promise<T>): Promise<T> {
    if (this.#running >= this.#concurrency || this.#waiting.size > 0) {
      await new Promise<void>((resolve) => {
        const jobs = this.#waiting.get(party)
        if (jobs) jobs.push(resolve)
        else this.#waiting.set(party, [resolve])
      })
    } else {
      this.#running++
      this.#runningOf.set(party, (this.#runningOf.get(party) ?? 0) + 1)
    }
    try {
      return await job()
    } finally {
      const left = this.#runningOf.get(party)! - 1
      if (left === 0) this.#runningOf.delete(party)
      else this.#runningOf.set(party, left)
      this.#next()
    }
  }

  /** How many jobs wait, for each party (for tests and metrics). */
  get waiting(): number {
    let n = 0
    for (const jobs of this.#waiting.values()) n += jobs.length
    return n
  }

  // the slot passes straight to the waiting party with the fewest jobs running (the running count
  // stays), or frees
  #next(): void {
    let turn: [string, (() => void)[]] | undefined
    let fewest = Infinity
    for (const entry of this.#waiting) {
      const running = this.#runningOf.get(entry[0]) ?? 0
      if (running < fewest) [turn, fewest] = [entry, running]
      if (running === 0) break
    }
    if (!turn) {
      this.#running--
      return
    }
    const [party, jobs] = turn
    const start = jobs.shift()!
    this.#runningOf.set(party, (this.#runningOf.get(party) ?? 0) + 1)
    this.#waiting.delete(party)
    if (jobs.length > 0) this.#waiting.set(party, jobs)
    start()
  }
}
