/**
 * Optimal binning for scorecards: fine bins (each distinct value of a low-cardinality feature, else
 * quantiles), then adjacent bins merged while their bad rates do not differ significantly (ChiMerge)
 * or are too small, then — where it helps — a monotonic version (pool-adjacent-violators on the bad
 * rate, in whichever direction keeps more information). Missing and special values have bins of their
 * own and never take part in the merging. Categories are ordered by bad rate and merged the same way.
 *
 * Weight of evidence is ln(share of goods / share of bads), with half a count added to each cell so
 * that an empty cell stays finite: a higher WOE is a lower risk.
 */

export type BinRule =
  | { kind: 'missing' }
  | { kind: 'special'; value: number }
  /** lower bound included, upper bound excluded; null is unbounded */
  | { kind: 'range'; min: number | null; max: number | null }
  | { kind: 'categories'; values: string[] }
  /** categories not seen in the development sample: weight of evidence 0 (neutral) */
  | { kind: 'other' }

export interface FittedBin {
  rule: BinRule
  count: number
  bad: number
  woe: number
}

export interface BinningOptions {
  /** a fine bin is at least this share of the rows (quantile binning): default 0.05 */
  fineShare?: number
  /** a final bin holds at least this share of the non-missing rows: default 0.05 */
  minShare?: number
  /** at most this many bins besides missing and special ones: default 8 */
  maxBins?: number
  /** merge adjacent bins whose chi-square is below this: default 3.84 (p = 0.05) */
  chiThreshold?: number
  /** numeric features with at most this many distinct values start from one bin per value: default 12 */
  discreteMax?: number
}

export interface FeatureBinning {
  type: 'numeric' | 'categorical'
  monotonic: 'increasing' | 'decreasing' | null
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
  round6(Math.log((c.count - c.bad + 0.5) / goods / ((c.bad + 0.5) / bads)))
const round6 = (x: number) => Math.round(x * 1e6) / 1e6

/** Information value of cells against the totals. */
export function informationValue(cells: readonly Cell[], goods: number, bads: number): number {
  let iv = 0
  for (const c of cells) {
    const g = (c.count - c.bad + 0.5) / goods
    const b = (c.bad + 0.5) / bads
    iv += (g - b) * Math.log(g / b)
  }
  return iv
}

function chiSquare(a: Cell, b: Cell): number {
  const n = a.count + b.count
  const bad = a.bad + b.bad
  const good = n - bad
  if (bad === 0 || good === 0) return 0
  let chi = 0
  for (const c of [a, b]) {
    const eBad = (c.count * bad) / n
    const eGood = (c.count * good) / n
    chi += (c.bad - eBad) ** 2 / eBad + (c.count - c.bad - eGood) ** 2 / eGood
  }
  return chi
}

function mergeAt<T extends Cell>(cells: T[], i: number, join: (a: T, b: T) => T): void {
  cells.splice(i, 2, join(cells[i]!, cells[i + 1]!))
}

/** ChiMerge, then the smallest bins into their closer neighbour, then down to `maxBins`. */
function mergeCells<T extends Cell>(
  cells: T[],
  join: (a: T, b: T) => T,
  total: number,
  o: Required<BinningOptions>,
): T[] {
  const out = [...cells]
  const weakest = () => {
    let best = -1
    let bestChi = Infinity
    for (let i = 0; i + 1 < out.length; i++) {
      const chi = chiSquare(out[i]!, out[i + 1]!)
      if (chi < bestChi) {
        bestChi = chi
        best = i
      }
    }
    return { at: best, chi: bestChi }
  }
  for (;;) {
    const w = weakest()
    if (w.at < 0 || (w.chi >= o.chiThreshold && out.length <= o.maxBins)) break
    mergeAt(out, w.at, join)
  }
  for (;;) {
    let small = -1
    for (let i = 0; i < out.length; i++)
      if (out[i]!.count < o.minShare * total && (small < 0 || out[i]!.count < out[small]!.count)) small = i
    if (small < 0 || out.length === 1) break
    const left = small > 0 ? chiSquare(out[small - 1]!, out[small]!) : Infinity
    const right = small + 1 < out.length ? chiSquare(out[small]!, out[small + 1]!) : Infinity
    mergeAt(out, left <= right ? small - 1 : small, join)
  }
  return out
}

/** Pool-adjacent-violators on bad rates: the finest monotone merge of ordered cells. */
function monotone<T extends Cell>(cells: readonly T[], join: (a: T, b: T) => T, increasing: boolean): T[] {
  const out: T[] = []
  for (const c of cells) {
    out.push(c)
    while (out.length > 1) {
      const b = out[out.length - 1]!
      const a = out[out.length - 2]!
      const ra = a.bad / a.count
      const rb = b.bad / b.count
      if (increasing ? ra <= rb : ra >= rb) break
      out.splice(out.length - 2, 2, join(a, b))
    }
  }
  return out
}

const defaults: Required<BinningOptions> = {
  fineShare: 0.05,
  minShare: 0.05,
  maxBins: 8,
  chiThreshold: 3.84,
  discreteMax: 12,
}

/** The options with defaults for those not given (an option given as undefined is not given). */
export function resolveBinning(options: BinningOptions): Required<BinningOptions> {
  return {
    fineShare: options.fineShare ?? defaults.fineShare,
    minShare: options.minShare ?? defaults.minShare,
    maxBins: options.maxBins ?? defaults.maxBins,
    chiThreshold: options.chiThreshold ?? defaults.chiThreshold,
    discreteMax: options.discreteMax ?? defaults.discreteMax,
  }
}

/**
 * Bins a numeric feature. `values[i]` is NaN for a missing value; `special` values (e.g. -1 for
 * "no account") get bins of their own.
 */
export function binNumeric(
  values: Float64Array,
  bad: Uint8Array,
  special: readonly number[],
  options: BinningOptions = {},
): FeatureBinning {
  const o = resolveBinning(options)
  const { goods, bads } = totals(bad)
  const missing: Cell = { count: 0, bad: 0 }
  const specials = new Map<number, Cell>(special.map((s) => [s, { count: 0, bad: 0 }]))
  const idx: number[] = []
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!
    if (Number.isNaN(v)) {
      missing.count++
      missing.bad += bad[i]!
    } else if (specials.has(v)) {
      const c = specials.get(v)!
      c.count++
      c.bad += bad[i]!
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
  const merged = mergeCells(fine, join, idx.length, o)
  const { cells, monotonic } = chooseShape(merged, join, goods, bads)
  const bins: FittedBin[] = []
  bins.push(missingBin(missing, goods, bads))
  for (const [value, c] of specials)
    if (c.count > 0) bins.push({ rule: { kind: 'special', value }, ...c, woe: woeOf(c, goods, bads) })
  cells.forEach((c, k) => {
    // the cut between two bins is the first value of the next one
    const min = k === 0 ? null : c.min
    const max = k === cells.length - 1 ? null : cells[k + 1]!.min
    bins.push({ rule: { kind: 'range', min, max }, count: c.count, bad: c.bad, woe: woeOf(c, goods, bads) })
  })
  if (cells.length === 0) bins.push({ rule: { kind: 'range', min: null, max: null }, count: 0, bad: 0, woe: 0 })
  return { type: 'numeric', monotonic, iv: round6(informationValue(bins, goods, bads)), bins }
}

/** Bins a categorical feature: categories in bad-rate order, merged like numeric bins. */
export function binCategorical(
  values: readonly string[],
  bad: Uint8Array,
  options: BinningOptions = {},
): FeatureBinning {
  const o = resolveBinning(options)
  const { goods, bads } = totals(bad)
  const missing: Cell = { count: 0, bad: 0 }
  const byValue = new Map<string, Cell>()
  let present = 0
  values.forEach((v, i) => {
    if (isMissing(v)) {
      missing.count++
      missing.bad += bad[i]!
      return
    }
    present++
    let c = byValue.get(v)
    if (!c) byValue.set(v, (c = { count: 0, bad: 0 }))
    c.count++
    c.bad += bad[i]!
  })
  type CatCell = Cell & { values: string[] }
  const fine: CatCell[] = [...byValue]
    .map(([v, c]) => ({ values: [v], ...c }))
    .sort(
      (a, b) => (a.bad + 0.5) / (a.count + 1) - (b.bad + 0.5) / (b.count + 1) || (a.values[0]! < b.values[0]! ? -1 : 1),
    )
  const join = (a: CatCell, b: CatCell): CatCell => ({
    values: [...a.values, ...b.values],
    count: a.count + b.count,
    bad: a.bad + b.bad,
  })
  const cells = mergeCells(fine, join, present, o)
  const bins: FittedBin[] = []
  bins.push(missingBin(missing, goods, bads))
  for (const c of cells)
    bins.push({
      rule: { kind: 'categories', values: [...c.values].sort() },
      count: c.count,
      bad: c.bad,
      woe: woeOf(c, goods, bads),
    })
  bins.push({ rule: { kind: 'other' }, count: 0, bad: 0, woe: 0 })
  return {
    type: 'categorical',
    monotonic: null,
    iv: round6(
      informationValue(
        bins.filter((b) => b.count > 0),
        goods,
        bads,
      ),
    ),
    bins,
  }
}

/**
 * Monotone where it helps: the monotone merge in the better direction is kept if it holds at least
 * 80 % of the free binning's information (a free shape that needs more is a real U-shape, e.g. age).
 */
function chooseShape<T extends Cell>(
  cells: T[],
  join: (a: T, b: T) => T,
  goods: number,
  bads: number,
): { cells: T[]; monotonic: FeatureBinning['monotonic'] } {
  if (cells.length <= 2)
    return {
      cells,
      monotonic:
        cells.length === 2
          ? cells[0]!.bad / cells[0]!.count <= cells[1]!.bad / cells[1]!.count
            ? 'increasing'
            : 'decreasing'
          : null,
    }
  const up = monotone(cells, join, true)
  const down = monotone(cells, join, false)
  const ivUp = informationValue(up, goods, bads)
  const ivDown = informationValue(down, goods, bads)
  const best =
    ivUp >= ivDown
      ? { cells: up, iv: ivUp, monotonic: 'increasing' as const }
      : { cells: down, iv: ivDown, monotonic: 'decreasing' as const }
  return best.iv >= 0.8 * informationValue(cells, goods, bads)
    ? { cells: best.cells, monotonic: best.monotonic }
    : { cells, monotonic: null }
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
  if (binning.type === 'categorical') {
    const k = bins.findIndex((b) => b.rule.kind === 'categories' && b.rule.values.includes(raw))
    return k >= 0 ? k : bins.findIndex((b) => b.rule.kind === 'other')
  }
  const v = Number(raw)
  if (!Number.isFinite(v)) return binIndex(binning, '')
  const s = bins.findIndex((b) => b.rule.kind === 'special' && b.rule.value === v)
  if (s >= 0) return s
  return bins.findIndex(
    (b) =>
      b.rule.kind === 'range' && (b.rule.min === null || v >= b.rule.min) && (b.rule.max === null || v < b.rule.max),
  )
}

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
      return `= ${rule.value}`
    case 'other':
      return 'any other value'
    case 'categories':
      return rule.values.join(', ')
    case 'range':
      if (rule.min === null && rule.max === null) return 'any value'
      if (rule.min === null) return `< ${rule.max}`
      if (rule.max === null) return `>= ${rule.min}`
      return `[${rule.min}, ${rule.max})`
  }
}
