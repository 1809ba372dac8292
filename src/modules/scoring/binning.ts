/**
 * Optimal binning for scorecards (optbinning's problem, solved exactly by dynamic programming): fine
 * bins (each distinct value of a low-cardinality feature, else quantiles; categories in bad-rate
 * order), then the partition of the fine bins into at most `maxBins` adjacent groups of the largest
 * information value such that
 * - every bin holds at least `minShare` and (unless it is one fine bin) at most `maxShare` of the rows
 *   binned, at least `minBads` bads and `minGoods` goods;
 * - adjacent bins' bad rates differ significantly (chi-square at least `chiThreshold`);
 * - the bad rate follows the feature's trend: ascending, descending, peak (up then down), valley
 *   (down then up), none, or auto (the better monotone trend, unless a peak or valley holds more
 *   than 1.25 times its information: a real U-shape, e.g. age).
 * Missing values, special codes and (for categories) rare pooled categories have bins of their own
 * and never take part: a rare but very different group keeps its own bin. User splits fix the bins.
 *
 * Weight of evidence is ln(share of goods / share of bads), with half a count added to each cell so
 * that an empty cell stays finite: a higher WOE is a lower risk. An empty bin's WOE is 0 (neutral).
 */

export type BinRule =
  | { kind: 'missing' }
  /** one special code, or a group of them sharing the bin (`values`; `value` is the first) */
  | { kind: 'special'; value: number; values?: number[] }
  /** lower bound included, upper bound excluded; null is unbounded */
  | { kind: 'range'; min: number | null; max: number | null }
  | { kind: 'categories'; values: string[] }
  /** categories not seen in the development sample, and those pooled as rare (`pooled`); empty: weight of evidence 0 (neutral) */
  | { kind: 'other'; pooled?: string[] }

export interface FittedBin {
  rule: BinRule
  count: number
  bad: number
  woe: number
}

/** The shape of the bad rate over the ordered bins. */
export type Trend = 'ascending' | 'descending' | 'peak' | 'valley' | 'none' | 'auto'
export const TRENDS: readonly Trend[] = ['ascending', 'descending', 'peak', 'valley', 'none', 'auto']

/** A special code, or a group of codes that share one bin. */
export type SpecialCode = number | readonly number[]

export interface BinningOptions {
  /** a fine bin is at least this share of the rows (quantile binning): default 0.05 */
  fineShare?: number
  /** a bin holds at least this share of the rows binned (neither missing nor special): default 0.02 */
  minShare?: number
  /** a bin of more than one fine bin holds at most this share of the rows binned: default 1 */
  maxShare?: number
  /** a bin holds at least this many bads (events): default 5 */
  minBads?: number
  /** a bin holds at least this many goods (non-events): default 5 */
  minGoods?: number
  /** at most this many bins besides missing and special ones: default 8 */
  maxBins?: number
  /** adjacent bins' chi-square is at least this: default 3.84 (p = 0.05) */
  chiThreshold?: number
  /** numeric features with at most this many distinct values start from one bin per value: default 12 */
  discreteMax?: number
}

/** One feature's own settings (the spec's `features`): its trend, fixed cuts, rare-category pooling. */
export interface FeatureBinningOptions extends BinningOptions {
  /** default auto */
  trend?: Trend
  /** fixed cut points of a numeric feature: the bins are exactly these, not optimised */
  splits?: readonly number[]
  /** categories under this share of the rows binned are pooled into the `other` bin: default 0 (none) */
  pool?: number
}

export interface FeatureBinning {
  type: 'numeric' | 'categorical'
  monotonic: 'increasing' | 'decreasing' | null
  /** the trend the bins follow (auto resolved; `fixed` for user splits) */
  trend: Exclude<Trend, 'auto'> | 'fixed'
  iv: number
  bins: FittedBin[]
}

/** A value as the file holds it: the empty string, NA and ? are missing. */
export const isMissing = (v: string): boolean => v === '' || v === 'NA' || v === '?' || v === 'null'

interface Cell {
  count: number
  bad: number
}
interface NumCell extends Cell {
  min: number
  max: number
}

const woeOf = (c: Cell, goods: number, bads: number) =>
  c.count === 0 ? 0 : round6(Math.log((c.count - c.bad + 0.5) / goods / ((c.bad + 0.5) / bads)))
const round6 = (x: number) => Math.round(x * 1e6) / 1e6

/** One bin's information value (0 for an empty bin): (share of goods − share of bads) × WOE, half a count added to each cell. */
export function binIv(c: Cell, goods: number, bads: number): number {
  if (c.count === 0) return 0
  const g = (c.count - c.bad + 0.5) / goods
  const b = (c.bad + 0.5) / bads
  return (g - b) * Math.log(g / b)
}

/** Information value of cells against the totals: the sum of the bins'. */
export function informationValue(cells: readonly Cell[], goods: number, bads: number): number {
  let iv = 0
  for (const c of cells) iv += binIv(c, goods, bads)
  return iv
}

/** Pearson's chi-square of two bins' goods and bads (one degree of freedom). */
export function chiSquare(a: Cell, b: Cell): number {
  const n = a.count + b.count
  const bad = a.bad + b.bad
  const good = n - bad
  if (bad === 0 || good === 0 || a.count === 0 || b.count === 0) return 0
  let chi = 0
  for (const c of [a, b]) {
    const eBad = (c.count * bad) / n
    const eGood = (c.count * good) / n
    chi += (c.bad - eBad) ** 2 / eBad + (c.count - c.bad - eGood) ** 2 / eGood
  }
  return chi
}

const defaults: Required<BinningOptions> = {
  fineShare: 0.05,
  minShare: 0.02,
  maxShare: 1,
  minBads: 5,
  minGoods: 5,
  maxBins: 8,
  chiThreshold: 3.84,
  discreteMax: 12,
}

/** The options with defaults for those not given (an option given as undefined is not given). */
export function resolveBinning(options: BinningOptions): Required<BinningOptions> {
  const out = { ...defaults }
  for (const key of Object.keys(defaults) as (keyof BinningOptions)[]) {
    const v = options[key]
    if (v !== undefined) out[key] = v
  }
  return out
}

/** Fine cells with more than this many are first merged (ChiMerge) down to it: the exact search is cubic. */
const MAX_FINE = 64

/** ChiMerge down to `limit` cells: the adjacent pair of least different bad rates first. */
function chiMergeTo<T extends Cell>(cells: T[], join: (a: T, b: T) => T, limit: number): T[] {
  const out = [...cells]
  while (out.length > limit) {
    let at = 0
    let best = Infinity
    for (let i = 0; i + 1 < out.length; i++) {
      const chi = chiSquare(out[i]!, out[i + 1]!)
      if (chi < best) {
        best = chi
        at = i
      }
    }
    out.splice(at, 2, join(out[at]!, out[at + 1]!))
  }
  return out
}

type Shape = Exclude<Trend, 'auto'>

/**
 * The partition of ordered cells into adjacent bins of the largest information value under the
 * constraints and the trend (dynamic programming over the last bin and the phase of a peak or valley);
 * null if none is feasible.
 */
function optimalPartition(
  cells: readonly Cell[],
  shape: Shape,
  o: Required<BinningOptions>,
  goods: number,
  bads: number,
): { bounds: [number, number][]; iv: number } | null {
  const n = cells.length
  if (n === 0) return { bounds: [], iv: 0 }
  const cc = new Float64Array(n + 1)
  const cb = new Float64Array(n + 1)
  cells.forEach((c, i) => {
    cc[i + 1] = cc[i]! + c.count
    cb[i + 1] = cb[i]! + c.bad
  })
  const total = cc[n]!
  const bin = (a: number, b: number): Cell => ({ count: cc[b + 1]! - cc[a]!, bad: cb[b + 1]! - cb[a]! })
  const feasible = (a: number, b: number) => {
    const c = bin(a, b)
    return (
      c.count >= o.minShare * total &&
      (a === b || c.count <= o.maxShare * total) &&
      c.bad >= o.minBads &&
      c.count - c.bad >= o.minGoods
    )
  }
  // state: the last bin is cells j..i, k bins so far, phase 0 (before the turn of a peak/valley) or 1
  const K = Math.max(1, o.maxBins)
  const idx = (k: number, j: number, i: number, p: number) => ((k * n + j) * n + i) * 2 + p
  const size = (K + 1) * n * n * 2
  const value = new Float64Array(size).fill(-Infinity)
  const from = new Int32Array(size).fill(-1)
  for (let i = 0; i < n; i++) if (feasible(0, i)) value[idx(1, 0, i, 0)] = binIv(bin(0, i), goods, bads)
  // does a bin of rate r2 after one of r1 keep the shape; the phase after it (-1: not allowed)
  const step = (r1: number, r2: number, p: number): number => {
    switch (shape) {
      case 'none':
        return 0
      case 'ascending':
        return r2 > r1 ? 0 : -1
      case 'descending':
        return r2 < r1 ? 0 : -1
      case 'peak':
        return p === 0 ? (r2 > r1 ? 0 : r2 < r1 ? 1 : -1) : r2 < r1 ? 1 : -1
      case 'valley':
        return p === 0 ? (r2 < r1 ? 0 : r2 > r1 ? 1 : -1) : r2 > r1 ? 1 : -1
    }
  }
  for (let k = 1; k < K; k++)
    for (let j = 0; j < n; j++)
      for (let i = j; i + 1 < n; i++)
        for (let p = 0; p < 2; p++) {
          const v = value[idx(k, j, i, p)]!
          if (v === -Infinity) continue
          const last = bin(j, i)
          const r1 = last.bad / last.count
          for (let l = i + 1; l < n; l++) {
            if (!feasible(i + 1, l)) continue
            const next = bin(i + 1, l)
            const q = step(r1, next.bad / next.count, p)
            if (q < 0 || chiSquare(last, next) < o.chiThreshold) continue
            const to = idx(k + 1, i + 1, l, q)
            const w = v + binIv(next, goods, bads)
            if (w > value[to]! + 1e-12) {
              value[to] = w
              from[to] = idx(k, j, i, p)
            }
          }
        }
  let best = -1
  for (let k = 1; k <= K; k++)
    for (let j = 0; j < n; j++)
      for (let p = 0; p < 2; p++) {
        const at = idx(k, j, n - 1, p)
        if (value[at]! > -Infinity && (best < 0 || value[at]! > value[best]! + 1e-12)) best = at
      }
  if (best < 0) return null
  const bounds: [number, number][] = []
  for (let at = best; at >= 0; at = from[at]!) {
    const i = Math.floor(at / 2) % n
    const j = Math.floor(at / 2 / n) % n
    bounds.unshift([j, i])
  }
  return { bounds, iv: value[best]! }
}

/**
 * The bins of ordered cells for a trend: auto takes the better monotone trend, unless the better of
 * peak and valley holds more than 1.25 times its information. Where nothing is feasible (too few
 * rows, bads or goods for two bins), one bin.
 */
function optimise<T extends Cell>(
  cells: T[],
  join: (a: T, b: T) => T,
  trend: Trend,
  o: Required<BinningOptions>,
  goods: number,
  bads: number,
): { cells: T[]; trend: Shape } {
  const fine = chiMergeTo(cells, join, MAX_FINE)
  const solve = (shape: Shape) => ({ shape, solved: optimalPartition(fine, shape, o, goods, bads) })
  const better = (a: ReturnType<typeof solve>, b: ReturnType<typeof solve>) =>
    (b.solved?.iv ?? -1) > (a.solved?.iv ?? -1) + 1e-12 ? b : a
  let chosen: ReturnType<typeof solve>
  if (trend === 'auto') {
    const mono = better(solve('ascending'), solve('descending'))
    const turn = better(solve('peak'), solve('valley'))
    chosen = (turn.solved?.iv ?? -1) > 1.25 * (mono.solved?.iv ?? -1) ? turn : mono
  } else chosen = solve(trend)
  const bounds = chosen.solved?.bounds ?? (fine.length > 0 ? [[0, fine.length - 1] as [number, number]] : [])
  const out = bounds.map(([a, b]) => fine.slice(a + 1, b + 1).reduce(join, fine[a]!))
  return { cells: out, trend: out.length <= 1 ? 'none' : shapeOf(out, chosen.shape) }
}

/** The trend the bins follow: a peak or valley with no turn is monotone. */
function shapeOf(cells: readonly Cell[], wanted: Shape): Shape {
  const rates = cells.map((c) => c.bad / c.count)
  const up = rates.every((r, i) => i === 0 || r > rates[i - 1]!)
  const down = rates.every((r, i) => i === 0 || r < rates[i - 1]!)
  return up ? 'ascending' : down ? 'descending' : wanted
}

const monotonicOf = (trend: FeatureBinning['trend']): FeatureBinning['monotonic'] =>
  trend === 'ascending' ? 'increasing' : trend === 'descending' ? 'decreasing' : null

interface SpecialGroup extends Cell {
  codes: number[]
}

/** The special codes' groups, and each code's group. */
function specialGroups(special: readonly SpecialCode[]) {
  const groups: SpecialGroup[] = special.map((s) => ({ codes: typeof s === 'number' ? [s] : [...s], count: 0, bad: 0 }))
  const groupOf = new Map<number, SpecialGroup>()
  for (const g of groups) for (const c of g.codes) groupOf.set(c, g)
  return { groups, groupOf }
}

/** The bins of the special groups the sample has. */
function specialBins(groups: readonly SpecialGroup[], goods: number, bads: number): FittedBin[] {
  return groups
    .filter((g) => g.count > 0)
    .map((g) => ({
      rule: { kind: 'special', value: g.codes[0]!, ...(g.codes.length > 1 ? { values: g.codes } : {}) },
      count: g.count,
      bad: g.bad,
      woe: woeOf(g, goods, bads),
    }))
}

/** The special group of a value as a file holds it (a number), if any. */
const specialOf = (groupOf: ReadonlyMap<number, SpecialGroup>, v: string) =>
  v.trim() === '' ? undefined : groupOf.get(Number(v))

/**
 * Bins a numeric feature. `values[i]` is NaN for a missing value; `special` codes (e.g. -1 for
 * "no account", or a group [97, 98]) get bins of their own.
 */
export function binNumeric(
  values: Float64Array,
  bad: Uint8Array,
  special: readonly SpecialCode[],
  options: FeatureBinningOptions = {},
): FeatureBinning {
  const o = resolveBinning(options)
  const { goods, bads } = totals(bad)
  const missing: Cell = { count: 0, bad: 0 }
  const { groups, groupOf } = specialGroups(special)
  const idx: number[] = []
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!
    const g = groupOf.get(v)
    if (Number.isNaN(v)) {
      missing.count++
      missing.bad += bad[i]!
    } else if (g) {
      g.count++
      g.bad += bad[i]!
    } else idx.push(i)
  }
  idx.sort((a, b) => values[a]! - values[b]!)
  // fine cells: runs of equal values, cut into quantiles unless there are few distinct values
  const runs: NumCell[] = []
  for (const i of idx) {
    const v = values[i]!
    const last = runs[runs.length - 1]
    if (last && last.max === v) {
      last.count++
      last.bad += bad[i]!
    } else runs.push({ min: v, max: v, count: 1, bad: bad[i]! })
  }
  const join = (a: NumCell, b: NumCell): NumCell => ({
    min: a.min,
    max: b.max,
    count: a.count + b.count,
    bad: a.bad + b.bad,
  })
  const bins: FittedBin[] = []
  bins.push(missingBin(missing, goods, bads))
  bins.push(...specialBins(groups, goods, bads))
  let ranges: { min: number | null; max: number | null; cell: Cell }[]
  let trend: FeatureBinning['trend']
  if (options.splits) {
    // the user's cuts: the bins are exactly these
    const cuts = [...options.splits].sort((a, b) => a - b)
    ranges = [null, ...cuts].map((min, k) => ({ min, max: cuts[k] ?? null, cell: { count: 0, bad: 0 } }))
    for (const r of runs) {
      let k = 0
      while (k < cuts.length && r.min >= cuts[k]!) k++
      ranges[k]!.cell.count += r.count
      ranges[k]!.cell.bad += r.bad
    }
    trend = 'fixed'
  } else {
    let fine: NumCell[] = runs
    if (runs.length > o.discreteMax) {
      fine = []
      const step = Math.max(1, Math.floor(o.fineShare * idx.length))
      for (const r of runs) {
        const last = fine[fine.length - 1]
        if (last && last.count < step) fine[fine.length - 1] = join(last, r)
        else fine.push({ ...r })
      }
    }
    const best = optimise(fine, join, options.trend ?? 'auto', o, goods, bads)
    trend = best.trend
    // the cut between two bins is the first value of the next one
    ranges = best.cells.map((c, k, all) => ({
      min: k === 0 ? null : c.min,
      max: k === all.length - 1 ? null : all[k + 1]!.min,
      cell: c,
    }))
    if (ranges.length === 0) ranges = [{ min: null, max: null, cell: { count: 0, bad: 0 } }]
  }
  for (const r of ranges)
    bins.push({
      rule: { kind: 'range', min: r.min, max: r.max },
      count: r.cell.count,
      bad: r.cell.bad,
      woe: woeOf(r.cell, goods, bads),
    })
  return {
    type: 'numeric',
    monotonic: monotonicOf(trend),
    trend,
    iv: round6(informationValue(bins, goods, bads)),
    bins,
  }
}

/**
 * Bins a categorical feature: categories in bad-rate order (so the trend is ascending by
 * construction), optimised like numeric bins; those under `pool` of the rows are pooled in the
 * `other` bin, where an unseen category goes too.
 */
export function binCategorical(
  values: readonly string[],
  bad: Uint8Array,
  options: FeatureBinningOptions = {},
  special: readonly SpecialCode[] = [],
): FeatureBinning {
  const o = resolveBinning(options)
  const { goods, bads } = totals(bad)
  const missing: Cell = { count: 0, bad: 0 }
  const { groups, groupOf } = specialGroups(special)
  const byValue = new Map<string, Cell>()
  let present = 0
  values.forEach((v, i) => {
    if (isMissing(v)) {
      missing.count++
      missing.bad += bad[i]!
      return
    }
    const g = specialOf(groupOf, v)
    if (g) {
      g.count++
      g.bad += bad[i]!
      return
    }
    present++
    let c = byValue.get(v)
    if (!c) byValue.set(v, (c = { count: 0, bad: 0 }))
    c.count++
    c.bad += bad[i]!
  })
  type CatCell = Cell & { values: string[] }
  const pool = options.pool ?? 0
  const other: CatCell = { values: [], count: 0, bad: 0 }
  const fine: CatCell[] = []
  for (const [v, c] of byValue)
    if (c.count < pool * present) {
      other.values.push(v)
      other.count += c.count
      other.bad += c.bad
    } else fine.push({ values: [v], ...c })
  fine.sort(
    (a, b) => (a.bad + 0.5) / (a.count + 1) - (b.bad + 0.5) / (b.count + 1) || (a.values[0]! < b.values[0]! ? -1 : 1),
  )
  const join = (a: CatCell, b: CatCell): CatCell => ({
    values: [...a.values, ...b.values],
    count: a.count + b.count,
    bad: a.bad + b.bad,
  })
  const best = optimise(fine, join, 'ascending', o, goods, bads)
  const bins: FittedBin[] = [missingBin(missing, goods, bads), ...specialBins(groups, goods, bads)]
  for (const c of best.cells)
    bins.push({
      rule: { kind: 'categories', values: [...c.values].sort() },
      count: c.count,
      bad: c.bad,
      woe: woeOf(c, goods, bads),
    })
  bins.push({
    rule: other.values.length > 0 ? { kind: 'other', pooled: other.values.sort() } : { kind: 'other' },
    count: other.count,
    bad: other.bad,
    woe: woeOf(other, goods, bads),
  })
  return {
    type: 'categorical',
    monotonic: null,
    trend: best.trend,
    iv: round6(informationValue(bins, goods, bads)),
    bins,
  }
}

function totals(bad: Uint8Array): { goods: number; bads: number } {
  let bads = 0
  for (const b of bad) bads += b
  return { goods: Math.max(1, bad.length - bads), bads: Math.max(1, bads) }
}

/** The bin a raw value falls in (index into `bins`), for scoring. */
export function binIndex(binning: Pick<FeatureBinning, 'type' | 'bins'>, raw: string): number {
  const { bins } = binning
  if (isMissing(raw)) {
    const m = bins.findIndex((b) => b.rule.kind === 'missing')
    return m >= 0 ? m : nearestNeutral(bins)
  }
  const special = raw.trim() === '' ? -1 : specialIndex(bins, Number(raw))
  if (special >= 0) return special
  if (binning.type === 'categorical') {
    const k = bins.findIndex((b) => b.rule.kind === 'categories' && b.rule.values.includes(raw))
    return k >= 0 ? k : bins.findIndex((b) => b.rule.kind === 'other')
  }
  const v = Number(raw)
  if (!Number.isFinite(v)) return binIndex(binning, '')
  return bins.findIndex(
    (b) =>
      b.rule.kind === 'range' && (b.rule.min === null || v >= b.rule.min) && (b.rule.max === null || v < b.rule.max),
  )
}

/** The special bin of a number, or -1. */
const specialIndex = (bins: readonly FittedBin[], v: number) =>
  bins.findIndex((b) => b.rule.kind === 'special' && (b.rule.value === v || (b.rule.values?.includes(v) ?? false)))

/**
 * The missing values' bin. Where the development sample had none, the bin is still there, empty, with a
 * WOE of 0 and so 0 points: a value missing later is neither held against a person nor in their favour
 * (never the riskiest bin: an absence of data is not a risk the sample showed).
 */
function missingBin(missing: Cell, goods: number, bads: number): FittedBin {
  return { rule: { kind: 'missing' }, ...missing, woe: missing.count > 0 ? woeOf(missing, goods, bads) : 0 }
}

/** For a model fitted before every feature had a missing bin: the bin whose WOE is nearest 0 (the neutral one). */
function nearestNeutral(bins: readonly FittedBin[]): number {
  let nearest = 0
  bins.forEach((b, i) => {
    if (Math.abs(b.woe) < Math.abs(bins[nearest]!.woe)) nearest = i
  })
  return nearest
}

/** A bin as a person reads it: "[1000, 5000)", "A11, A12", "missing". */
export function binLabel(rule: BinRule): string {
  switch (rule.kind) {
    case 'missing':
      return 'missing'
    case 'special':
      return rule.values ? `one of ${rule.values.join(', ')}` : `= ${rule.value}`
    case 'other':
      return rule.pooled ? `${rule.pooled.join(', ')} (rare, pooled) or any other value` : 'any other value'
    case 'categories':
      return rule.values.join(', ')
    case 'range':
      if (rule.min === null && rule.max === null) return 'any value'
      if (rule.min === null) return `< ${rule.max}`
      if (rule.max === null) return `>= ${rule.min}`
      return `[${rule.min}, ${rule.max})`
  }
}
