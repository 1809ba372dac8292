/** Time comes from here, never from `new Date()` in domain code, so tests can move it. */
export interface Clock {
  now(): Date
}

export const systemClock: Clock = { now: () => new Date() }

/** A clock that stands still until moved: for tests of deadlines, windows and expiry. */
export class ManualClock implements Clock {
  #now: number

  constructor(start: Date | string) {
    this.#now = new Date(start).getTime()
  }

  now(): Date {
    return new Date(this.#now)
  }

  set(to: Date | string): void {
    this.#now = new Date(to).getTime()
  }

  advance(ms: number): void {
    this.#now += ms
  }

  advanceDays(days: number): void {
    this.advance(days * 86_400_000)
  }
}

// Today's date is the China calendar day of the clock's instant: `chinaDate` (platform/calendar.ts), never the UTC date.
