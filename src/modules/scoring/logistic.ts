/**
 * Logistic regression by iteratively reweighted least squares with an L2 penalty on the slopes (not
 * the intercept). Deterministic: the same rows in the same order give the same coefficients.
 */

export interface LogisticFit {
  intercept: number
  coefficients: number[]
  iterations: number
  converged: boolean
}

/**
 * `x` holds the rows one after another (`n` rows of `p` columns), `y` is 1 for a bad outcome.
 * Returns the coefficients of logit P(bad) = intercept + Σ coefficient·x.
 */
export function fitLogistic(
  x: Float64Array,
  y: Uint8Array,
  p: number,
  options: { l2?: number; maxIterations?: number; tolerance?: number } = {},
): LogisticFit {
  const n = y.length
  const l2 = options.l2 ?? 1
  const maxIterations = options.maxIterations ?? 100
  const tolerance = options.tolerance ?? 1e-9
  const d = p + 1
  let mean = 0
  for (let i = 0; i < n; i++) mean += y[i]!
  mean = Math.min(Math.max(mean / n, 1e-6), 1 - 1e-6)
  const beta = new Float64Array(d)
  beta[0] = Math.log(mean / (1 - mean))
  const h = new Float64Array(d * d)
  const g = new Float64Array(d)
  let iterations = 0
  let converged = false
  while (iterations < maxIterations && !converged) {
    iterations++
    h.fill(0)
    g.fill(0)
    for (let i = 0; i < n; i++) {
      const row = i * p
      let eta = beta[0]!
      for (let j = 0; j < p; j++) eta += beta[j + 1]! * x[row + j]!
      const mu = 1 / (1 + Math.exp(-eta))
      const w = Math.max(mu * (1 - mu), 1e-12)
      const r = y[i]! - mu
      // gradient and the upper triangle of XᵀWX, with a leading column of ones
      g[0]! += r
      h[0]! += w
      for (let j = 0; j < p; j++) {
        const xj = x[row + j]!
        g[j + 1]! += r * xj
        h[j + 1]! += w * xj
        const base = (j + 1) * d
        for (let k = j; k < p; k++) h[base + k + 1]! += w * xj * x[row + k]!
      }
    }
    for (let j = 1; j < d; j++) {
      h[j * d + j]! += l2
      g[j]! -= l2 * beta[j]!
    }
    for (let j = 0; j < d; j++) for (let k = 0; k < j; k++) h[j * d + k] = h[k * d + j]!
    const step = solveSymmetric(h, g, d)
    let largest = 0
    for (let j = 0; j < d; j++) {
      beta[j]! += step[j]!
      largest = Math.max(largest, Math.abs(step[j]!))
    }
    converged = largest < tolerance
  }
  return { intercept: beta[0]!, coefficients: Array.from(beta.subarray(1)), iterations, converged }
}

/** Solves A·s = b for a symmetric positive definite A (Cholesky). */
function solveSymmetric(a: Float64Array, b: Float64Array, d: number): Float64Array {
  const l = new Float64Array(d * d)
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = a[i * d + j]!
      for (let k = 0; k < j; k++) sum -= l[i * d + k]! * l[j * d + k]!
      if (i === j) l[i * d + i] = Math.sqrt(Math.max(sum, 1e-12))
      else l[i * d + j] = sum / l[j * d + j]!
    }
  }
  const z = new Float64Array(d)
  for (let i = 0; i < d; i++) {
    let sum = b[i]!
    for (let k = 0; k < i; k++) sum -= l[i * d + k]! * z[k]!
    z[i] = sum / l[i * d + i]!
  }
  const s = new Float64Array(d)
  for (let i = d - 1; i >= 0; i--) {
    let sum = z[i]!
    for (let k = i + 1; k < d; k++) sum -= l[k * d + i]! * s[k]!
    s[i] = sum / l[i * d + i]!
  }
  return s
}
