/**
 * Group commit, in general: `submit` resolves with the item's own answer once the batch it went in
 * has been run (for a database: stored and committed). While one batch runs, new items wait and go in
 * together as the next (at most `maxBatch`, at most `maxInFlight` batches running at once): at low load
 * an item runs at once, under load each statement and commit serves many callers. None is answered
 * before its batch has run; a failed batch refuses every caller in it.
 */
export class GroupRunner<I, O> {
  readonly #run: (items: I[]) => Promise<O[]>
  readonly #maxBatch: number
  readonly #maxInFlight: number
  #pending: { item: I; resolve: (answer: O) => void; reject: (error: unknown) => void }[] = []
  #inFlight = 0
  #scheduled = false
  /** batches run so far (for tests and benchmarks) */
  flushes = 0

  /** `run` answers the items of a batch in their order. */
  constructor(run: (items: I[]) => Promise<O[]>, options: { maxBatch?: number; maxInFlight?: number } = {}) {
    this.#run = run
    this.#maxBatch = options.maxBatch ?? 500
    this.#maxInFlight = options.maxInFlight ?? 1
  }

  submit(item: I): Promise<O> {
    return new Promise((resolve, reject) => {
      this.#pending.push({ item, resolve, reject })
      this.#schedule()
    })
  }

  /** Runs after the current turn of the event loop, so that items arriving together share a batch. */
  #schedule(): void {
    if (this.#scheduled || this.#inFlight >= this.#maxInFlight || this.#pending.length === 0) return
    this.#scheduled = true
    setImmediate(() => {
      this.#scheduled = false
      this.#flush()
    })
  }

  #flush(): void {
    if (this.#inFlight >= this.#maxInFlight || this.#pending.length === 0) return
    const batch = this.#pending.splice(0, this.#maxBatch)
    this.#inFlight++
    this.flushes++
    // the runner is free again before any caller goes on, so a caller's next item can go at once
    const settle = (answer: (p: (typeof batch)[number], i: number) => void) => {
      this.#inFlight--
      batch.forEach(answer)
      this.#schedule()
    }
    let running: Promise<O[]>
    try {
      running = this.#run(batch.map((p) => p.item))
    } catch (error) {
      running = Promise.reject(error)
    }
    running.then(
      (answers) => {
        if (answers.length !== batch.length)
          settle((p) => p.reject(new Error(`a batch of ${batch.length} got ${answers.length} answers`)))
        else settle((p, i) => p.resolve(answers[i]!))
      },
      (error: unknown) => settle((p) => p.reject(error)),
    )
  }
}
