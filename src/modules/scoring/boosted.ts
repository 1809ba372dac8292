/**
 * Additive boosted scorecards: a points table a person reads bin by bin, fitted by cyclic gradient
 * boosting of one shape per feature (the explainable-boosting idea: Lou, Caruana and Gehrke, "Intelligible
 * models for classification and regression", KDD 2012; InterpretML's EBM).
 *
 * Each feature is cut into fine bins (quantiles of its values, one per value of a discrete feature, one
 * per frequent category with the rare ones pooled, and its missing and special values apart). Round after
 * round, feature after feature, a tree of at most three leaves is fitted over the feature's ordered bins to
 * the gradient of the log-loss, shrunk by the learning rate and added to the feature's shape; the other
 * features' shapes stay as they are, so no feature takes credit for another's effect however correlated
 * they are. A held-out part of the rows stops the rounds when its log-loss no longer improves; several
 * bags (each with its own held-out part) are averaged, which smooths the shapes. A feature may be
 * constrained monotone (its risk only rising, or only falling, with its value): its shape is projected
 * back onto monotone shapes after every step (pool-adjacent-violators).
 *
 * The result is the same model as a classic scorecard: per feature, bins with points, and points that add
 * up to the score; adjacent bins with the same points are merged so that the table stays short.
 */
import { isMissing, type BinRule, type FittedBin } from './binning.ts'
import { stratifiedFolds } from './metrics.ts'

/** How a feature's risk may move with its value: `ascending` (the higher, the riskier), `descending`, or free. */
export type Trend = 'ascending' | 'descending' | 'none'

export interface BoostFeature {
  name: string
  raw: readonly string[]
  type: 'numeric' | 'categorical'
  special: readonly number[]
  trend: Trend
}

export interface BoostOptions {
  /** the shrinkage of each step: default 0.05 */
  learningRate?: number
  /** at most this many rounds over every feature: default 1500 */
  maxRounds?: number
  /** stop after this many rounds without a better held-out log-loss: default 40 */
  patience?: number
  /** bags averaged, each with its own held-out fifth: default 8 up to 10 k rows, 4 up to 50 k, else 2 (averaging matters where rows are few) */
  bags?: number
  /** a numeric feature is cut into at most this many fine bins: default 32 */
  maxFineBins?: number
  /** a fine bin (and a category of its own) has at least this share of the rows, and at least 10 rows: default 0.01 */
  minFineShare?: number
  /** L2 on each leaf's value, in units of the Hessian (rows at p = 0.5 count 0.25 each): default 1 */
  l2?: number
  /** at most this many pairwise terms, chosen by their FAST gain on the development rows: default 10 (0: none) */
  pairs?: number
  seed?: number
}

export interface BoostedShape {
  name: string
  type: 'numeric' | 'categorical'
  monotonic: 'increasing' | 'decreasing' | null
  /** the bins with `woe` = minus the feature's contribution to the log-odds of a bad outcome (higher is safer, as a WOE) */
  bins: FittedBin[]
}

/**
 * A pairwise term: a 2-D table over coarse groups of two features' fine bins (at most PAIR_GROUPS ranges or
 * categories each, and the missing and special values apart), each cell's `woe` minus its contribution to the
 * log-odds. Purified: each row's and each column's count-weighted mean is 0 (the main effects are in the
 * shapes), so the table holds only what the two features do together.
 */
export interface BoostedPair {
  /** indices of the two features in `shapes` */
  features: [number, number]
  rows: BinRule[]
  columns: BinRule[]
  count: number[][]
  bad: number[][]
  woe: number[][]
  /** the FAST gain that chose it (Lou et al., KDD 2013): the log-loss a 2×2 cut of the residuals gains */
  gain: number
}

export interface BoostedFit {
  intercept: number
  shapes: BoostedShape[]
  pairs: BoostedPair[]
  /** the rounds each bag ran before its held-out log-loss stopped improving */
  rounds: number[]
}

/** One feature cut into fine bins: the rows' bin indices, and each bin's rule; `main` bins are ordered (ranges) or free to reorder (categories). */
interface Fine {
  index: Uint16Array
  rules: BinRule[]
  /** indices of the bins a tree splits (ranges in order, or categories) */
  main: number[]
  /** indices of missing and special bins, each its own leaf */
  apart: number[]
  ordered: boolean
}

const DEFAULTS: Required<Omit<BoostOptions, 'seed' | 'bags'>> = {
  pairs: 10,
  learningRate: 0.05,
  maxRounds: 1500,
  patience: 40,
  maxFineBins: 32,
  minFineShare: 0.01,
  l2: 1,
}

/** Fits the shapes of `features` to the outcomes `bad` (1 = bad). Deterministic for a seed. */
export function fitBoosted(features: readonly BoostFeature[], bad: Uint8Array, options: BoostOptions = {}): BoostedFit {
  const n = bad.length
  const o = { ...DEFAULTS, bags: n <= 10_000 ? 8 : n <= 50_000 ? 4 : 2, ...options }
  const minCount = Math.max(10, Math.ceil(o.minFineShare * n))
  const fines = features.map((f) => fineBins(f, minCount, o.maxFineBins))
  let bads = 0
  for (const b of bad) bads += b
  const base = Math.log((bads + 0.5) / (n - bads + 0.5))
  const total = fines.map((f) => new Float64Array(f.rules.length))
  const rounds: number[] = []
  for (let bag = 0; bag < o.bags; bag++) {
    const held = stratifiedFolds(bad, 5, (options.seed ?? 1) * 1000 + bag)
    const shapes = fitBag(fines, features, bad, held, base, o, minCount)
    rounds.push(shapes.rounds)
    shapes.values.forEach((s, j) => {
      for (let b = 0; b < s.length; b++) total[j]![b]! += s[b]! / o.bags
    })
  }
  const counts = fines.map((f) => binCounts(f.index, f.rules.length, bad))
  const pairs = o.pairs > 0 ? fitPairs(fines, features, bad, total, base, o, counts, options.seed ?? 1) : []
  // centred: each shape's mean over the rows is 0, so 0 points is the average row; the mean goes to the intercept
  let intercept = base
  total.forEach((s, j) => {
    let sum = 0
    for (let b = 0; b < s.length; b++) sum += s[b]! * counts[j]!.count[b]!
    const mean = sum / n
    for (let b = 0; b < s.length; b++) if (counts[j]!.count[b]! > 0) s[b]! -= mean
    intercept += mean
  })
  return {
    intercept,
    rounds,
    pairs: pairs.map((pair) => ({ ...pair, woe: pair.woe.map((row) => row.map((v) => -v + 0)) })),
    shapes: features.map((f, j) => ({
      name: f.name,
      type: f.type,
      monotonic: f.trend === 'ascending' ? 'increasing' : f.trend === 'descending' ? 'decreasing' : null,
      bins: fines[j]!.rules.map((rule, b) => ({
        rule,
        count: counts[j]!.count[b]!,
        bad: counts[j]!.bad[b]!,
        woe: -total[j]![b]!,
      })),
    })),
  }
}

/** One bag: boosting on the rows outside fold 0 of `held`, stopped by the log-loss on fold 0. */
type Settings = Required<Omit<BoostOptions, 'seed'>>

function fitBag(
  fines: readonly Fine[],
  features: readonly BoostFeature[],
  bad: Uint8Array,
  held: Uint8Array,
  base: number,
  o: Settings,
  minCount: number,
): { values: Float64Array[]; rounds: number } {
  // each feature's training rows per bin: a leaf holds at least minCount of them
  const rowsPer = fines.map((f) => {
    const c = new Float64Array(f.rules.length)
    for (let i = 0; i < bad.length; i++) if (held[i] !== 0) c[f.index[i]!]!++
    return c
  })
  return boostTerms(
    fines.map((f) => f.index),
    fines.map((f) => f.rules.length),
    new Float64Array(bad.length).fill(base),
    bad,
    held,
    o,
    (j, G, H, shape) => {
      const fine = fines[j]!
      const step = treeStep(fine, G, H, rowsPer[j]!, o.l2, minCount)
      for (let b = 0; b < shape.length; b++) shape[b]! += o.learningRate * step[b]!
      if (features[j]!.trend !== 'none' && fine.ordered) monotone(shape, fine.main, H, features[j]!.trend)
    },
  )
}

/**
 * Cyclic boosting of additive terms (a feature's shape over its bins, or a pair's table over its cells), each
 * row in bin `index[k][i]` of term k: round after round, term after term, the gradient and Hessian of the
 * log-loss summed per bin over the training rows (`held` not 0), `step` moves the term's values, and every
 * row's log-odds follow; the held-out rows' log-loss stops the rounds after `o.patience` without a better one,
 * and the best round's values are returned.
 *
 * For speed, each row keeps e = exp(−log-odds), multiplied by exp(−change) of its bin (an exponential per
 * bin, not per row) and recomputed from the log-odds once a round; the pass that moves the rows by one term
 * sums the gradient for the next.
 */
function boostTerms(
  index: readonly Uint16Array[],
  sizes: readonly number[],
  start: Float64Array,
  bad: Uint8Array,
  held: Uint8Array,
  o: Settings,
  step: (k: number, G: Float64Array, H: Float64Array, values: Float64Array) => void,
): { values: Float64Array[]; rounds: number } {
  const n = bad.length
  const valid: number[] = []
  for (let i = 0; i < n; i++) if (held[i] === 0) valid.push(i)
  const va = Int32Array.from(valid)
  const eta = Float64Array.from(start)
  const e = new Float64Array(n)
  const terms = index.length
  const values = sizes.map((size) => new Float64Array(size))
  let best = values.map((v) => Float64Array.from(v))
  let bestLoss = logLoss(eta, bad, va)
  let bestRound = 0
  /** moves the rows by `delta` over the bins `by` (if any), and sums the gradient and Hessian over the bins `next` (if any) */
  const pass = (by: Uint16Array | undefined, delta: Float64Array, next: Uint16Array | undefined, size: number) => {
    const G = new Float64Array(size)
    const H = new Float64Array(size)
    const factor = delta.map((d) => Math.exp(-d))
    for (let i = 0; i < n; i++) {
      if (by !== undefined) {
        const d = delta[by[i]!]!
        if (d !== 0) {
          eta[i]! += d
          e[i]! *= factor[by[i]!]!
        }
      }
      if (next !== undefined && held[i] !== 0) {
        const p = 1 / (1 + e[i]!)
        const b = next[i]!
        G[b]! += p - bad[i]!
        H[b]! += p * (1 - p)
      }
    }
    return { G, H }
  }
  const none = new Float64Array(0)
  for (let round = 1; round <= o.maxRounds && round - bestRound <= o.patience; round++) {
    for (let i = 0; i < n; i++) e[i] = Math.exp(-eta[i]!)
    let { G, H } = pass(undefined, none, index[0], sizes[0]!)
    for (let k = 0; k < terms; k++) {
      const v = values[k]!
      const before = Float64Array.from(v)
      step(k, G, H, v)
      const delta = v.map((x, b) => x - before[b]!)
      const next = k + 1 < terms ? k + 1 : -1
      ;({ G, H } = pass(index[k], delta, next >= 0 ? index[next] : undefined, next >= 0 ? sizes[next]! : 0))
    }
    const loss = logLoss(eta, bad, va)
    if (loss < bestLoss - 1e-9) {
      bestLoss = loss
      bestRound = round
      best = values.map((v) => Float64Array.from(v))
    }
  }
  return { values: best, rounds: bestRound }
}

/** A feature's fine bins in at most PAIR_GROUPS coarse groups for a pairwise table: missing and special values each apart. */
const PAIR_GROUPS = 6

interface Coarse {
  /** the group of each fine bin */
  of: Uint8Array
  rules: BinRule[]
}

function coarseGroups(fine: Fine, shape: Float64Array, count: readonly number[]): Coarse {
  const of = new Uint8Array(fine.rules.length)
  const rules: BinRule[] = []
  const add = (bins: number[], rule: BinRule) => {
    for (const b of bins) of[b] = rules.length
    rules.push(rule)
  }
  for (const b of fine.apart) add([b], fine.rules[b]!)
  const main = fine.ordered ? fine.main : [...fine.main].sort((a, b) => shape[a]! - shape[b]! || a - b)
  let left = 0
  for (const b of main) left += count[b]!
  const groups: number[][] = []
  let current: number[] = []
  let inCurrent = 0
  main.forEach((b, k) => {
    current.push(b)
    inCurrent += count[b]!
    const remaining = PAIR_GROUPS - groups.length
    if (k < main.length - 1 && remaining > 1 && inCurrent >= left / remaining) {
      groups.push(current)
      left -= inCurrent
      current = []
      inCurrent = 0
    }
  })
  if (current.length > 0) groups.push(current)
  for (const g of groups) {
    const rules_ = g.map((b) => fine.rules[b]!)
    const first = rules_[0]!
    const last = rules_[rules_.length - 1]!
    if (first.kind === 'range' && last.kind === 'range') add(g, { kind: 'range', min: first.min, max: last.max })
    else
      add(g, {
        kind: 'categories',
        values: rules_.flatMap((r) => (r.kind === 'categories' ? r.values : [])).sort(),
      })
  }
  // the categories no development row had: a group of their own, empty
  fine.rules.forEach((r, b) => {
    if (r.kind === 'other') add([b], r)
  })
  return { of, rules }
}

/**
 * Pairwise terms: the pairs of features (neither constrained monotone, so that a constraint holds however the
 * pair moves) ranked by FAST on the residuals of the main shapes over all development rows, the best `o.pairs`
 * with a positive gain kept, and their tables boosted cell by cell, cyclically, with the main shapes held, in
 * the same bags and held-out fifths as the shapes. Each table is then purified into the shapes (`total`).
 */
function fitPairs(
  fines: readonly Fine[],
  features: readonly BoostFeature[],
  bad: Uint8Array,
  total: Float64Array[],
  base: number,
  o: Settings,
  counts: readonly { count: number[]; bad: number[] }[],
  seed: number,
): BoostedPair[] {
  const n = bad.length
  const coarse = fines.map((f, j) => coarseGroups(f, total[j]!, counts[j]!.count))
  const groupOf = coarse.map((c, j) => {
    const g = new Uint8Array(n)
    const index = fines[j]!.index
    for (let i = 0; i < n; i++) g[i] = c.of[index[i]!]!
    return g
  })
  const eta = new Float64Array(n).fill(base)
  fines.forEach((f, j) => {
    const s = total[j]!
    for (let i = 0; i < n; i++) eta[i]! += s[f.index[i]!]!
  })
  const grad = new Float64Array(n)
  const hess = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    const p = 1 / (1 + Math.exp(-eta[i]!))
    grad[i] = p - bad[i]!
    hess[i] = p * (1 - p)
  }
  const ranked: { a: number; b: number; gain: number }[] = []
  for (let a = 0; a < fines.length; a++)
    for (let b = a + 1; b < fines.length; b++) {
      if (features[a]!.trend !== 'none' || features[b]!.trend !== 'none') continue
      const gain = fastGain(
        groupOf[a]!,
        groupOf[b]!,
        coarse[a]!.rules.length,
        coarse[b]!.rules.length,
        grad,
        hess,
        o.l2,
      )
      if (gain > 0) ranked.push({ a, b, gain })
    }
  ranked.sort((x, y) => y.gain - x.gain || x.a - y.a || x.b - y.b)
  const chosen = ranked.slice(0, o.pairs)
  if (chosen.length === 0) return []
  const cellOf = chosen.map(({ a, b }) => {
    const nb = coarse[b]!.rules.length
    const cell = new Uint16Array(n)
    for (let i = 0; i < n; i++) cell[i] = groupOf[a]![i]! * nb + groupOf[b]![i]!
    return cell
  })
  const sizes = chosen.map(({ a, b }) => coarse[a]!.rules.length * coarse[b]!.rules.length)
  const tables = sizes.map((size) => new Float64Array(size))
  for (let bag = 0; bag < o.bags; bag++) {
    const held = stratifiedFolds(bad, 5, seed * 1000 + bag)
    const fitted = boostCells(cellOf, sizes, eta, bad, held, o)
    fitted.forEach((t, k) => {
      for (let c = 0; c < t.length; c++) tables[k]![c]! += t[c]! / o.bags
    })
  }
  return chosen.map(({ a, b, gain }, k) => {
    const nr = coarse[a]!.rules.length
    const nc = coarse[b]!.rules.length
    const count = Array.from({ length: nr }, () => new Array<number>(nc).fill(0))
    const bads = Array.from({ length: nr }, () => new Array<number>(nc).fill(0))
    for (let i = 0; i < n; i++) {
      count[groupOf[a]![i]!]![groupOf[b]![i]!]!++
      bads[groupOf[a]![i]!]![groupOf[b]![i]!]! += bad[i]!
    }
    const t = Array.from({ length: nr }, (_, r) => Array.from(tables[k]!.subarray(r * nc, (r + 1) * nc)))
    purify(
      t,
      count,
      (r, v) => addToGroup(total[a]!, coarse[a]!.of, r, v),
      (c, v) => addToGroup(total[b]!, coarse[b]!.of, c, v),
    )
    return {
      features: [a, b] as [number, number],
      rows: coarse[a]!.rules,
      columns: coarse[b]!.rules,
      count,
      bad: bads,
      woe: t,
      gain,
    }
  })
}

/** Adds `v` to every fine bin of coarse group `g`. */
function addToGroup(shape: Float64Array, of: Uint8Array, g: number, v: number): void {
  for (let b = 0; b < shape.length; b++) if (of[b] === g) shape[b]! += v
}

/** Moves each row's and each column's count-weighted mean out of the table (into the main shapes), a few times over. */
function purify(
  t: number[][],
  count: number[][],
  toRow: (r: number, v: number) => void,
  toColumn: (c: number, v: number) => void,
): void {
  const nr = t.length
  const nc = t[0]!.length
  for (let pass = 0; pass < 20; pass++) {
    let moved = 0
    for (let r = 0; r < nr; r++) {
      let w = 0
      let sum = 0
      for (let c = 0; c < nc; c++) {
        w += count[r]![c]!
        sum += count[r]![c]! * t[r]![c]!
      }
      if (w === 0) continue
      const m = sum / w
      for (let c = 0; c < nc; c++) t[r]![c]! -= m
      toRow(r, m)
      moved += Math.abs(m)
    }
    for (let c = 0; c < nc; c++) {
      let w = 0
      let sum = 0
      for (let r = 0; r < nr; r++) {
        w += count[r]![c]!
        sum += count[r]![c]! * t[r]![c]!
      }
      if (w === 0) continue
      const m = sum / w
      for (let r = 0; r < nr; r++) t[r]![c]! -= m
      toColumn(c, m)
      moved += Math.abs(m)
    }
    if (moved < 1e-9) break
  }
  // a cell no development row fell in adds nothing
  for (let r = 0; r < nr; r++) for (let c = 0; c < nc; c++) if (count[r]![c]! === 0) t[r]![c] = 0
}

/**
 * FAST (Lou, Caruana, Gehrke and Hooker, KDD 2013): the best gain of a 2×2 cut of two features' groups (each
 * cut between adjacent groups in their order) over the gradient and Hessian of the log-loss.
 */
function fastGain(
  ga: Uint8Array,
  gb: Uint8Array,
  na: number,
  nb: number,
  grad: Float64Array,
  hess: Float64Array,
  l2: number,
): number {
  const G = new Float64Array(na * nb)
  const H = new Float64Array(na * nb)
  for (let i = 0; i < grad.length; i++) {
    const c = ga[i]! * nb + gb[i]!
    G[c]! += grad[i]!
    H[c]! += hess[i]!
  }
  const score = (g: number, h: number) => (g * g) / (h + l2)
  let gt = 0
  let ht = 0
  for (let c = 0; c < G.length; c++) {
    gt += G[c]!
    ht += H[c]!
  }
  let best = 0
  for (let s = 1; s < na; s++) {
    // the rows above the cut, per column
    const gTop = new Float64Array(nb)
    const hTop = new Float64Array(nb)
    for (let r = 0; r < s; r++)
      for (let c = 0; c < nb; c++) {
        gTop[c]! += G[r * nb + c]!
        hTop[c]! += H[r * nb + c]!
      }
    let gTopAll = 0
    let hTopAll = 0
    for (let c = 0; c < nb; c++) {
      gTopAll += gTop[c]!
      hTopAll += hTop[c]!
    }
    let gl = 0
    let hl = 0
    let gbl = 0
    let hbl = 0
    for (let t = 1; t < nb; t++) {
      gl += gTop[t - 1]!
      hl += hTop[t - 1]!
      let gc = 0
      let hc = 0
      for (let r = s; r < na; r++) {
        gc += G[r * nb + t - 1]!
        hc += H[r * nb + t - 1]!
      }
      gbl += gc
      hbl += hc
      const gain =
        score(gl, hl) +
        score(gTopAll - gl, hTopAll - hl) +
        score(gbl, hbl) +
        score(gt - gTopAll - gbl, ht - hTopAll - hbl) -
        score(gt, ht)
      if (gain > best) best = gain
    }
  }
  return best
}

/** One bag of the pairs' tables: each round, each table's cells take a shrunk Newton step, stopped by the held-out fifth. */
function boostCells(
  cellOf: readonly Uint16Array[],
  sizes: readonly number[],
  start: Float64Array,
  bad: Uint8Array,
  held: Uint8Array,
  o: Settings,
): Float64Array[] {
  return boostTerms(cellOf, sizes, start, bad, held, o, (_, G, H, table) => {
    for (let c = 0; c < table.length; c++) if (H[c]! > 0) table[c]! -= (o.learningRate * G[c]!) / (H[c]! + o.l2)
  }).values
}

/** The mean log-loss of the rows `rows`. */
function logLoss(eta: Float64Array, bad: Uint8Array, rows: Int32Array): number {
  let sum = 0
  for (let k = 0; k < rows.length; k++) {
    const i = rows[k]!
    const e = eta[i]!
    sum += (e > 0 ? e + Math.log1p(Math.exp(-e)) : Math.log1p(Math.exp(e))) - bad[i]! * e
  }
  return sum / Math.max(rows.length, 1)
}

/**
 * One step of a feature's shape: a tree of at most three leaves over its main bins (in their order for
 * ranges, by gradient ratio for categories), each leaf's Newton value −G/(H + l2); missing and special
 * bins each their own leaf.
 */
function treeStep(
  fine: Fine,
  G: Float64Array,
  H: Float64Array,
  rows: Float64Array,
  l2: number,
  minRows: number,
): Float64Array {
  const step = new Float64Array(G.length)
  for (const b of fine.apart) if (H[b]! > 0) step[b] = -G[b]! / (H[b]! + l2)
  const order = fine.ordered
    ? fine.main
    : [...fine.main].sort((a, b) => G[a]! / (H[a]! + l2) - G[b]! / (H[b]! + l2) || a - b)
  const gain = (gs: number, hs: number) => (gs * gs) / (hs + l2)
  // the best cut of order[from, to) into two, if any gains
  const bestCut = (from: number, to: number) => {
    let gt = 0
    let ht = 0
    let nt = 0
    for (let k = from; k < to; k++) {
      gt += G[order[k]!]!
      ht += H[order[k]!]!
      nt += rows[order[k]!]!
    }
    let gl = 0
    let hl = 0
    let nl = 0
    let found = { at: -1, gain: 0 }
    for (let k = from; k < to - 1; k++) {
      gl += G[order[k]!]!
      hl += H[order[k]!]!
      nl += rows[order[k]!]!
      if (nl < minRows || nt - nl < minRows) continue
      const value = gain(gl, hl) + gain(gt - gl, ht - hl) - gain(gt, ht)
      if (value > found.gain) found = { at: k + 1, gain: value }
    }
    return found
  }
  const cuts: number[] = []
  const first = bestCut(0, order.length)
  if (first.at > 0) {
    cuts.push(first.at)
    const left = bestCut(0, first.at)
    const right = bestCut(first.at, order.length)
    const second = left.gain >= right.gain ? left : right
    if (second.at > 0) cuts.push(second.at)
  }
  const bounds = [0, ...cuts.sort((a, b) => a - b), order.length]
  for (let k = 0; k + 1 < bounds.length; k++) {
    let gs = 0
    let hs = 0
    for (let m = bounds[k]!; m < bounds[k + 1]!; m++) {
      gs += G[order[m]!]!
      hs += H[order[m]!]!
    }
    const value = -gs / (hs + l2)
    for (let m = bounds[k]!; m < bounds[k + 1]!; m++) step[order[m]!] = value
  }
  return step
}

/** Projects the shape over the ordered bins `main` onto non-decreasing (ascending risk) or non-increasing values, weighted by `weight` (pool-adjacent-violators). */
function monotone(shape: Float64Array, main: readonly number[], weight: Float64Array, trend: Trend): void {
  const sign = trend === 'ascending' ? 1 : -1
  const blocks: { value: number; weight: number; size: number }[] = []
  for (const b of main) {
    blocks.push({ value: sign * shape[b]!, weight: Math.max(weight[b]!, 1e-9), size: 1 })
    while (blocks.length > 1 && blocks[blocks.length - 2]!.value > blocks[blocks.length - 1]!.value) {
      const last = blocks.pop()!
      const prev = blocks[blocks.length - 1]!
      const w = prev.weight + last.weight
      prev.value = (prev.value * prev.weight + last.value * last.weight) / w
      prev.weight = w
      prev.size += last.size
    }
  }
  let k = 0
  for (const block of blocks) for (let m = 0; m < block.size; m++) shape[main[k++]!] = sign * block.value
}

function binCounts(index: Uint16Array, nb: number, bad: Uint8Array) {
  const count = new Float64Array(nb)
  const bads = new Float64Array(nb)
  for (let i = 0; i < index.length; i++) {
    count[index[i]!]!++
    bads[index[i]!]! += bad[i]!
  }
  return { count: Array.from(count), bad: Array.from(bads) }
}

/** Cuts a feature into fine bins: see the module's comment. */
function fineBins(f: BoostFeature, minCount: number, maxFineBins: number): Fine {
  const rules: BinRule[] = [{ kind: 'missing' }]
  const apart = [0]
  const index = new Uint16Array(f.raw.length)
  if (f.type === 'categorical') {
    const counts = new Map<string, number>()
    for (const v of f.raw) if (!isMissing(v)) counts.set(v, (counts.get(v) ?? 0) + 1)
    const frequent = [...counts].filter(([, c]) => c >= minCount).map(([v]) => v)
    const rare = [...counts].filter(([, c]) => c < minCount).map(([v]) => v)
    const at = new Map<string, number>()
    for (const v of frequent.sort()) {
      at.set(v, rules.length)
      rules.push({ kind: 'categories', values: [v] })
    }
    if (rare.length > 0) {
      // the rare categories pooled: together they are one bin
      for (const v of rare) at.set(v, rules.length)
      rules.push({ kind: 'categories', values: rare.sort() })
    }
    const main = rules.map((_, b) => b).filter((b) => b > 0)
    rules.push({ kind: 'other' })
    f.raw.forEach((v, i) => {
      index[i] = isMissing(v) ? 0 : at.get(v)!
    })
    return { index, rules, main, apart, ordered: false }
  }
  const specials = new Map<number, number>()
  for (const s of f.special) {
    specials.set(s, rules.length)
    apart.push(rules.length)
    rules.push({ kind: 'special', value: s })
  }
  const values = f.raw.map((v) => (isMissing(v) ? Number.NaN : Number(v)))
  const present = values.filter((v) => Number.isFinite(v) && !specials.has(v)).sort((a, b) => a - b)
  // cut points: distinct values where a bin of at least minCount rows (and at most maxFineBins bins) ends
  const target = Math.max(minCount, Math.ceil(present.length / maxFineBins))
  const cuts: number[] = []
  let since = 0
  for (let k = 0; k < present.length; k++) {
    since++
    const next = present[k + 1]
    if (next !== undefined && next !== present[k] && since >= target && present.length - k - 1 >= minCount) {
      cuts.push(next)
      since = 0
    }
  }
  const first = rules.length
  for (let k = 0; k <= cuts.length; k++)
    rules.push({ kind: 'range', min: k === 0 ? null : cuts[k - 1]!, max: k === cuts.length ? null : cuts[k]! })
  values.forEach((v, i) => {
    if (!Number.isFinite(v)) index[i] = 0
    else if (specials.has(v)) index[i] = specials.get(v)!
    else {
      // the first cut above v
      let lo = 0
      let hi = cuts.length
      while (lo < hi) {
        const mid = (lo + hi) >> 1
        if (cuts[mid]! <= v) lo = mid + 1
        else hi = mid
      }
      index[i] = first + lo
    }
  })
  const main = rules.map((_, b) => b).filter((b) => b >= first)
  return { index, rules, main, apart, ordered: true }
}

/**
 * The fitted bins as a points table: each bin's points, then adjacent ranges (and categories) with the
 * same points merged into one bin, so a person reads as few rows as the points allow. `points` is the
 * scorecard's points of a WOE (−factor × coefficient × WOE, the coefficient −1 here).
 */
export function readableBins(shape: BoostedShape, points: (woe: number) => number): FittedBin[] {
  const out: FittedBin[] = []
  const merged = new Map<number, number>() // points -> index in out, for categories
  for (const bin of shape.bins) {
    const p = points(bin.woe)
    const last = out[out.length - 1]
    if (bin.rule.kind === 'range' && last?.rule.kind === 'range' && points(last.woe) === p) {
      const count = last.count + bin.count
      out[out.length - 1] = {
        rule: { kind: 'range', min: last.rule.min, max: bin.rule.max },
        count,
        bad: last.bad + bin.bad,
        woe: count > 0 ? (last.woe * last.count + bin.woe * bin.count) / count : last.woe,
      }
      continue
    }
    if (bin.rule.kind === 'categories') {
      const at = merged.get(p)
      const into = at === undefined ? undefined : out[at]
      if (into?.rule.kind === 'categories') {
        const count = into.count + bin.count
        out[at!] = {
          rule: { kind: 'categories', values: [...into.rule.values, ...bin.rule.values].sort() },
          count,
          bad: into.bad + bin.bad,
          woe: count > 0 ? (into.woe * into.count + bin.woe * bin.count) / count : into.woe,
        }
        continue
      }
      merged.set(p, out.length)
    }
    out.push({ ...bin })
  }
  return out
}
