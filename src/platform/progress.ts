/**
 * Progress for long-running commands: a redrawn bar on a terminal, a plain line every few seconds
 * otherwise (CI logs, pipes). Writes to stderr so stdout stays clean for results.
 */
export interface Progress {
  update(done: number, detail?: string): void
  finish(detail?: string): void
}

function formatCount(n: number): string {
  return n >= 1e6 ? (n / 1e6).toFixed(2) + ' M' : n >= 1e4 ? (n / 1e3).toFixed(1) + ' k' : String(Math.round(n))
}

export function createProgress(options: {
  label: string
  total?: number
  unit?: string
  stream?: NodeJS.WriteStream
  intervalMs?: number
}): Progress {
  const stream = options.stream ?? process.stderr
  const isTty = stream.isTTY === true
  const started = performance.now()
  const interval = options.intervalMs ?? (isTty ? 100 : 5_000)
  let last = 0
  const line = (done: number, detail?: string): string => {
    const seconds = (performance.now() - started) / 1000
    const rate = seconds > 0 ? done / seconds : 0
    const parts = [options.label]
    if (options.total) {
      const fraction = Math.min(1, done / options.total)
      const width = 24
      const filled = Math.round(fraction * width)
      parts.push(
        (isTty ? '[' + '#'.repeat(filled) + '-'.repeat(width - filled) + '] ' : '') + (fraction * 100).toFixed(1) + '%',
      )
      if (rate > 0 && fraction < 1) parts.push(`ETA ${Math.ceil((options.total - done) / rate)} s`)
    } else {
      parts.push(`${formatCount(done)} ${options.unit ?? ''}`.trim())
    }
    parts.push(`${formatCount(rate)} ${options.unit ?? ''}/s`.replace(' /s', '/s'))
    if (detail) parts.push(detail)
    return parts.join('  ')
  }
  return {
    update(done, detail) {
      const now = performance.now()
      if (now - last < interval) return
      last = now
      stream.write(isTty ? '\r\x1b[2K' + line(done, detail) : line(done, detail) + '\n')
    },
    finish(detail) {
      const done = options.total ?? 0
      stream.write((isTty ? '\r\x1b[2K' : '') + line(done, detail) + '\n')
    },
  }
}
