/**
 * An open-loop load generator: requests leave at a constant rate (one every 1/rate s, on schedule,
 * whether or not earlier ones have been answered), and each latency is measured from the moment the
 * request was due, so a stalled server is charged for the requests it made wait (no coordinated
 * omission).
 *
 * Why not autocannon's `overallRate`: it lets each connection send as fast as it can until that
 * connection's quota for the current second is used, then pauses until the next one-second tick. At
 * 1,000 req/s over 32 connections that is a burst at full speed at the start of every second, then
 * silence — the latencies it reports are those of a saturated server. Its coordinated-omission
 * correction also assumes a 1 ms interval per connection, which adds synthetic samples.
 */
import http from 'node:http'

export interface ConstantRateOptions {
  /** e.g. http://127.0.0.1:8080 */
  base: string
  rate: number
  seconds: number
  /** sockets kept open; a request due while all are busy waits for one (and that wait counts) */
  connections: number
  path: (i: number) => string
  headers?: Record<string, string>
}

export interface ConstantRateResult {
  requestsPerSecond: number
  sent: number
  ok: number
  non2xx: number
  errors: number
  p50ms: number
  p90ms: number
  p99ms: number
  maxms: number
  /** the largest delay between a request's due time and its departure (the generator's own lag) */
  maxSendLagMs: number
}

export async function constantRate(options: ConstantRateOptions): Promise<ConstantRateResult> {
  const url = new URL(options.base)
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.connections })
  const total = Math.round(options.rate * options.seconds)
  const latencies: number[] = []
  let ok = 0
  let non2xx = 0
  let errors = 0
  let sent = 0
  let maxSendLagMs = 0
  const start = performance.now() + 50
  const intervalMs = 1000 / options.rate
  const pending = new Set<Promise<void>>()

  const fire = (i: number, due: number) => {
    maxSendLagMs = Math.max(maxSendLagMs, performance.now() - due)
    const done = new Promise<void>((resolve) => {
      const request = http.request(
        {
          host: url.hostname,
          port: url.port,
          path: options.path(i),
          method: 'GET',
          agent,
          headers: options.headers ?? {},
        },
        (response) => {
          response.resume()
          response.on('end', () => {
            latencies.push(performance.now() - due)
            if (response.statusCode !== undefined && response.statusCode >= 200 && response.statusCode < 300) ok++
            else non2xx++
            resolve()
          })
        },
      )
      request.on('error', () => {
        errors++
        resolve()
      })
      request.end()
    })
    pending.add(done)
    void done.then(() => pending.delete(done))
  }

  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now()
      while (sent < total && start + sent * intervalMs <= now) {
        fire(sent, start + sent * intervalMs)
        sent++
      }
      if (sent >= total) return resolve()
      // wake up at the next due time (timers are ~1 ms coarse; lag shows in maxSendLagMs)
      setTimeout(tick, Math.max(0, start + sent * intervalMs - performance.now()))
    }
    setTimeout(tick, 50)
  })
  await Promise.all(pending)
  const elapsed = (performance.now() - start) / 1000
  agent.destroy()
  latencies.sort((a, b) => a - b)
  const at = (q: number) =>
    +(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN).toFixed(2)
  return {
    requestsPerSecond: Math.round(ok / elapsed),
    sent,
    ok,
    non2xx,
    errors,
    p50ms: at(0.5),
    p90ms: at(0.9),
    p99ms: at(0.99),
    maxms: at(1),
    maxSendLagMs: +maxSendLagMs.toFixed(2),
  }
}
