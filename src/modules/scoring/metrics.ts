import { seededRandom } from '../../platform/random.ts'

export { seededRandom }

/**
 * Validation measures of a score against outcomes (1 = bad). Scores are "higher is safer".
 */

/** Area under the ROC curve: the chance that a random good scores above a random bad (ties half). */
export function auc(scores: ArrayLike<number>, bad: ArrayLike<number>): number {
  const order = Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => scores[a]! - scores[b]!)
  let rankSumGood = 0
  let goods = 0
  for (let i = 0; i < order.length; ) {
    let j = i
    while (j + 1 < order.length && scores[order[j + 1]!] === scores[order[i]!]) j++
    const rank = (i + j) / 2 + 1
    for (let k = i; k <= j; k++)
      if (bad[order[k]!] === 0) {
        rankSumGood += rank
        goods++
      }
    i = j + 1
  }
  const bads = order.length - goods
  if (goods === 0 || bads === 0) return NaN
  return (rankSumGood - (goods * (goods + 1)) / 2) / (goods * bads)
}

export interface CurvePoint {
  threshold: number
  falsePositive: number
  truePositive: number
}

/**
 * The ROC curve with bads as positives caught by "score below threshold": at each distinct score, the
 * share of bads and of goods at or below it.
 */
export function rocCurve(scores: ArrayLike<number>, bad: ArrayLike<number>): CurvePoint[] {
  const order = Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => scores[a]! - scores[b]!)
  let bads = 0
  for (let i = 0; i < bad.length; i++) bads += bad[i]!
  const goods = bad.length - bads
  const points: CurvePoint[] = [{ threshold: -Infinity, falsePositive: 0, truePositive: 0 }]
  let b = 0
  let g = 0
  for (let i = 0; i < order.length; i++) {
    if (bad[order[i]!] === 1) b++
    else g++
    if (i + 1 === order.length || scores[order[i + 1]!] !== scores[order[i]!])
      points.push({
        threshold: scores[order[i]!]!,
        falsePositive: goods ? g / goods : 0,
        truePositive: bads ? b / bads : 0,
      })
  }
  return points
}

/** Kolmogorov-Smirnov: the largest gap between the cumulative shares of bads and goods, and where. */
export function ks(scores: ArrayLike<number>, bad: ArrayLike<number>): { ks: number; at: number } {
  let best = { ks: 0, at: NaN }
  for (const p of rocCurve(scores, bad))
    if (p.truePositive - p.falsePositive > best.ks) best = { ks: p.truePositive - p.falsePositive, at: p.threshold }
  return best
}

/** Population stability index between two score samples over the same bands (edges ascending). */
export function psi(
  expected: ArrayLike<number>,
  actual: ArrayLike<number>,
  edges: readonly number[],
): { psi: number; bands: { from: number | null; to: number | null; expected: number; actual: number }[] } {
  const share = (xs: ArrayLike<number>) => {
    const counts = new Array<number>(edges.length + 1).fill(0)
    for (let i = 0; i < xs.length; i++) counts[bandOf(xs[i]!, edges)]!++
    return counts.map((c) => c / Math.max(1, xs.length))
  }
  const e = share(expected)
  const a = share(actual)
  const bands = e.map((ei, k) => ({
    from: k === 0 ? null : edges[k - 1]!,
    to: k === edges.length ? null : edges[k]!,
    expected: ei,
    actual: a[k]!,
  }))
  return { psi: psiOfShares(e, a), bands }
}

/**
 * The population stability index of two distributions over the same bands, given as shares: the sum over
 * bands of (actual − expected) × ln(actual / expected), an empty band counted as 0.01 % so that it adds
 * a large term rather than an infinite one.
 */
export function psiOfShares(expected: readonly number[], actual: readonly number[]): number {
  let total = 0
  expected.forEach((ei, k) => {
    const ee = Math.max(ei, 1e-4)
    const aa = Math.max(actual[k]!, 1e-4)
    total += (aa - ee) * Math.log(aa / ee)
  })
  return total
}

export function bandOf(x: number, edges: readonly number[]): number {
  let k = 0
  while (k < edges.length && x >= edges[k]!) k++
  return k
}

/** Edges that cut `scores` into `n` bands of about equal size (distinct, ascending). */
export function quantileEdges(scores: ArrayLike<number>, n: number): number[] {
  const sorted = Float64Array.from(scores).sort()
  const edges: number[] = []
  for (let k = 1; k < n; k++) {
    const v = sorted[Math.floor((k * sorted.length) / n)]
    if (v !== undefined && (edges.length === 0 || v > edges[edges.length - 1]!)) edges.push(v)
  }
  return edges
}

/** Stratified folds: each fold gets its share of bads and of goods. Returns the fold of each row. */
export function stratifiedFolds(bad: ArrayLike<number>, k: number, seed: number): Uint8Array {
  const random = seededRandom(seed)
  const fold = new Uint8Array(bad.length)
  for (const cls of [0, 1]) {
    const rows: number[] = []
    for (let i = 0; i < bad.length; i++) if (bad[i] === cls) rows.push(i)
    for (let i = rows.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1))
      ;[rows[i], rows[j]] = [rows[j]!, rows[i]!]
    }
    rows.forEach((r, i) => {
      fold[r] = i % k
    })
  }
  return fold
}

/** The Brier score: the mean squared gap between the predicted probability of a bad outcome and the outcome (0 perfect; 0.25 a coin at 50 %). */
export function brierScore(probabilityBad: ArrayLike<number>, bad: ArrayLike<number>): number {
  let total = 0
  for (let i = 0; i < bad.length; i++) total += (probabilityBad[i]! - bad[i]!) ** 2
  return bad.length === 0 ? NaN : total / bad.length
}

/** Mid-ranks (1-based, ties averaged) of `xs` among themselves. */
function midRanks(xs: readonly number[]): Float64Array {
  const order = xs.map((_, i) => i).sort((a, b) => xs[a]! - xs[b]!)
  const ranks = new Float64Array(xs.length)
  for (let i = 0; i < order.length; ) {
    let j = i
    while (j + 1 < order.length && xs[order[j + 1]!] === xs[order[i]!]) j++
    for (let k = i; k <= j; k++) ranks[order[k]!] = (i + j) / 2 + 1
    i = j + 1
  }
  return ranks
}

/**
 * The AUC with its confidence interval by DeLong's method (DeLong, DeLong and Clarke-Pearson, Biometrics
 * 1988), computed from mid-ranks as Sun and Xu (2014) do: each good's and each bad's share of the pairs it
 * orders right; the AUC's variance is the variance of the goods' shares over their number plus the bads'
 * over theirs. The interval is the normal one, cut to [0, 1].
 */
export function aucDeLong(
  scores: ArrayLike<number>,
  bad: ArrayLike<number>,
  z = 1.959963984540054,
): { auc: number; standardError: number; low: number; high: number } {
  const goods: number[] = []
  const bads: number[] = []
  for (let i = 0; i < bad.length; i++) (bad[i] === 1 ? bads : goods).push(scores[i]!)
  const m = goods.length
  const n = bads.length
  if (m < 2 || n < 2) return { auc: NaN, standardError: NaN, low: NaN, high: NaN }
  const all = midRanks([...goods, ...bads])
  const rg = midRanks(goods)
  const rb = midRanks(bads)
  // a good's share: the bads it scores above (ties half); a bad's share: the goods that score above it
  const v10 = goods.map((_, i) => (all[i]! - rg[i]!) / n)
  const v01 = bads.map((_, j) => 1 - (all[m + j]! - rb[j]!) / m)
  const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length
  const a = mean(v10)
  const variance = (xs: number[]) => xs.reduce((s, x) => s + (x - a) ** 2, 0) / (xs.length - 1)
  const standardError = Math.sqrt(variance(v10) / m + variance(v01) / n)
  return { auc: a, standardError, low: Math.max(0, a - z * standardError), high: Math.min(1, a + z * standardError) }
}
