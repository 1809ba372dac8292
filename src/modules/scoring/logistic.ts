/**
 * Logistic regression by damped Newton steps (iteratively reweighted least squares with a backtracking
 * line search) and an L2 penalty on the slopes (not the intercept). Deterministic: the same rows in the
 * same order give the same coefficients.
 *
 * A full Newton step can overshoot: on a nearly separable table it can land where the fitted
 * probabilities are 0 and 1 and the curvature vanishes, and the next step runs away (intercepts of 1e10
 * were seen). Each step here is halved until the penalised deviance falls enough (Armijo's condition), so
 * the deviance never rises; the fit ends when the Newton decrement says no step can gain more than the
 * tolerance. Its outcome says whether it did: a fit that did not converge, or that separates the
 * classes (no finite maximum: the coefficients only grow), is not a model and is refused by its callers.
 */

/** How a fit ended: `converged`; `not_converged` (out of iterations, or no step could lower the deviance); `separated` (the classes are separated: coefficients grow without bound). */
export type FitOutcome = 'converged' | 'not_converged' | 'separated'

export interface LogisticFit {
  intercept: number
  coefficients: number[]
  iterations: number
  converged: boolean
  outcome: FitOutcome
  /** the penalised deviance per row at the end (−2·log-likelihood / n, plus the penalty) */
  deviance: number
  /** the largest absolute partial derivative of the penalised log-likelihood at the end, per row */
  gradient: number
}

/** A row this far on its side of the boundary has the other outcome with probability below 3e-7. */
const SEPARATION_ETA = 15

/**
 * `x` holds the rows one after another (`n` rows of `p` columns), `y` is 1 for a bad outcome.
 * Returns the coefficients of logit P(bad) = intercept + Σ coefficient·x, and how the fit ended.
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
  const tolerance = options.tolerance ?? 1e-10
  const d = p + 1
  let mean = 0
  for (let i = 0; i < n; i++) mean += y[i]!
  mean = Math.min(Math.max(mean / n, 1e-6), 1 - 1e-6)
  let beta = new Float64Array(d)
  beta[0] = Math.log(mean / (1 - mean))
  const h = new Float64Array(d * d)
  const g = new Float64Array(d)
  const problem: Problem = { x, y, p, l2, eta: new Float64Array(n) }
  const trial = new Float64Array(d)
  let f = objective(problem, beta)
  let iterations = 0
  let outcome: FitOutcome = 'not_converged'
  while (iterations < maxIterations) {
    iterations++
    curvature(problem, beta, g, h)
    const step = solveSymmetric(h, g, d)
    // the Newton decrement: what a full step would gain, to second order
    let decrement = 0
    for (let j = 0; j < d; j++) decrement += g[j]! * step[j]!
    if (!(decrement > 0)) break // not a direction of ascent: the Hessian is numerically singular
    if (decrement / 2 <= tolerance * Math.max(1, Math.abs(f))) {
      outcome = 'converged'
      break
    }
    let t = 1
    let next = Number.POSITIVE_INFINITY
    for (let halvings = 0; halvings < 60; halvings++, t /= 2) {
      for (let j = 0; j < d; j++) trial[j] = beta[j]! + t * step[j]!
      next = objective(problem, trial)
      if (next <= f - 1e-4 * t * decrement) break
    }
    if (!(next < f)) break // no step lowers the deviance any more: stalled short of the tolerance
    beta = Float64Array.from(trial)
    f = next
  }
  // eta holds the last trial's predictors; recompute them for the fit kept
  f = objective(problem, beta)
  curvature(problem, beta, g, h)
  let gradient = 0
  for (let j = 0; j < d; j++) gradient = Math.max(gradient, Math.abs(g[j]!) / Math.max(n, 1))
  if (separates(problem.eta, y)) outcome = 'separated'
  return {
    intercept: beta[0]!,
    coefficients: Array.from(beta.subarray(1)),
    iterations,
    converged: outcome === 'converged',
    outcome,
    deviance: (2 * f) / Math.max(n, 1),
    gradient,
  }
}

/** The table and penalty of one fit, with each row's linear predictor at the last coefficients evaluated. */
interface Problem {
  x: Float64Array
  y: Uint8Array
  p: number
  l2: number
  eta: Float64Array
}

/** The penalised negative log-likelihood at `beta`, computed without overflow; fills `eta` with each row's linear predictor. */
function objective({ x, y, p, l2, eta }: Problem, beta: Float64Array): number {
  let sum = 0
  for (let i = 0; i < y.length; i++) {
    const row = i * p
    let e = beta[0]!
    for (let j = 0; j < p; j++) e += beta[j + 1]! * x[row + j]!
    eta[i] = e
    // log(1 + exp(e)) − y·e, as softplus
    sum += (e > 0 ? e + Math.log1p(Math.exp(-e)) : Math.log1p(Math.exp(e))) - y[i]! * e
  }
  let penalty = 0
  for (let j = 1; j <= p; j++) penalty += beta[j]! * beta[j]!
  return sum + (l2 / 2) * penalty
}

/** The gradient of the penalised log-likelihood (`g`, the ascent direction) and its negated Hessian (`h`) at `beta`, from the predictors in `eta`. */
function curvature({ x, y, p, l2, eta }: Problem, beta: Float64Array, g: Float64Array, h: Float64Array): void {
  const d = p + 1
  h.fill(0)
  g.fill(0)
  for (let i = 0; i < y.length; i++) {
    const row = i * p
    const mu = 1 / (1 + Math.exp(-eta[i]!))
    const w = mu * (1 - mu)
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
}

/** Whether the fitted predictors put every row on its own side with certainty (complete separation). */
function separates(eta: Float64Array, y: Uint8Array): boolean {
  let goods = 0
  let bads = 0
  for (let i = 0; i < y.length; i++) {
    if (y[i]) bads++
    else goods++
    if (y[i] ? eta[i]! < SEPARATION_ETA : eta[i]! > -SEPARATION_ETA) return false
  }
  return goods > 0 && bads > 0
}

/**
 * Solves A·s = b for a symmetric positive semi-definite A (Cholesky). A pivot that vanishes (a column
 * that is a combination of others) is regularised by a ridge of relative size 1e-10 rather than divided by.
 */
function solveSymmetric(a: Float64Array, b: Float64Array, d: number): Float64Array {
  let scale = 0
  for (let i = 0; i < d; i++) scale = Math.max(scale, Math.abs(a[i * d + i]!))
  const floor = Math.max(scale * 1e-10, 1e-300)
  const l = new Float64Array(d * d)
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = a[i * d + j]!
      for (let k = 0; k < j; k++) sum -= l[i * d + k]! * l[j * d + k]!
      if (i === j) l[i * d + i] = Math.sqrt(Math.max(sum, floor))
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
