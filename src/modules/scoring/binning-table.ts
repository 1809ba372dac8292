/**
 * The binning table of a feature (optbinning's): per bin its rows and their share, goods (non-events),
 * bads (events), bad rate, WOE, IV and Jensen-Shannon divergence, with the totals and a quality score.
 * Computed from the bins' counts alone, so a fitted binning and a model file's feature give the same table.
 *
 * - WOE = ln(share of goods / share of bads), half a count added to each cell; an empty bin's is 0.
 * - IV of a bin = (share of goods − share of bads) × WOE (0 for an empty bin); the total is their sum.
 * - Jensen-Shannon of a bin = ½ (g ln(2g / (g + b)) + b ln(2b / (g + b))), g and b its shares of the
 *   goods and bads (no half counts; 0 ln 0 = 0); the total, their sum, lies between 0 and ln 2.
 * - Quality (optbinning's binning_quality_score) = q_IV × q_p × q_HHI, where
 *   q_IV = IV · exp(½ (1 − (IV / c)²)) / c with c = 0.39574 (1 at IV = c, falling for a weaker
 *   feature and for a suspiciously strong one); q_p = ∏ (1 − p) over adjacent pairs of the
 *   optimised bins (ranges or categories, in their order), p the chi-square test's (one degree of
 *   freedom) that their bad rates are equal; q_HHI = 1 − the normalised Herfindahl index of the
 *   populated bins' shares (0 when one bin holds every row).
 */
import { binIv, binLabel, chiSquare, type FittedBin } from './binning.ts'

export interface BinningRow {
  bin: string
  count: number
  share: number
  goods: number
  bads: number
  badRate: number | null
  woe: number
  iv: number
  js: number
}

export interface BinningTable {
  rows: BinningRow[]
  total: { count: number; goods: number; bads: number; badRate: number | null; iv: number; js: number; quality: number }
}

const QUALITY_IV_PEAK = 0.39573882184806863
const xlogy = (x: number, y: number) => (x === 0 ? 0 : x * Math.log(y))

/** The complementary error function (Numerical Recipes' erfcc: relative error under 1.2e-7). */
function erfc(x: number): number {
  const z = Math.abs(x)
  const t = 1 / (1 + z / 2)
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    )
  return x >= 0 ? r : 2 - r
}

/** The p-value of a chi-square statistic with one degree of freedom. */
export const chiSquarePValue = (chi: number): number => (chi <= 0 ? 1 : erfc(Math.sqrt(chi / 2)))

/** The table of bins (a fitted binning's, or a model feature's: each with its rule, rows and bads). */
export function binningTable(bins: readonly Pick<FittedBin, 'rule' | 'count' | 'bad'>[]): BinningTable {
  let count = 0
  let bads = 0
  for (const b of bins) {
    count += b.count
    bads += b.bad
  }
  const goods = count - bads
  // the same guards as the fit (binning.ts): a sample of one class still gives finite numbers
  const G = Math.max(1, goods)
  const B = Math.max(1, bads)
  const rows = bins.map((b): BinningRow => {
    const g = (b.count - b.bad) / G
    const e = b.bad / B
    const m = (g + e) / 2
    return {
      bin: binLabel(b.rule),
      count: b.count,
      share: count > 0 ? b.count / count : 0,
      goods: b.count - b.bad,
      bads: b.bad,
      badRate: b.count > 0 ? b.bad / b.count : null,
      woe: b.count > 0 ? Math.log((b.count - b.bad + 0.5) / G / ((b.bad + 0.5) / B)) : 0,
      iv: binIv(b, G, B),
      js: m > 0 ? 0.5 * (xlogy(g, g / m) + xlogy(e, e / m)) : 0,
    }
  })
  const iv = rows.reduce((s, r) => s + r.iv, 0)
  const js = rows.reduce((s, r) => s + r.js, 0)
  const optimised = bins.filter((b) => (b.rule.kind === 'range' || b.rule.kind === 'categories') && b.count > 0)
  let qp = 1
  for (let k = 1; k < optimised.length; k++) qp *= 1 - chiSquarePValue(chiSquare(optimised[k - 1]!, optimised[k]!))
  const shares = rows.filter((r) => r.count > 0).map((r) => r.share)
  const hhi = shares.reduce((s, x) => s + x * x, 0)
  const hhiNorm = shares.length <= 1 ? 1 : (hhi - 1 / shares.length) / (1 - 1 / shares.length)
  const qIv = (iv * Math.exp(0.5 * (1 - (iv / QUALITY_IV_PEAK) ** 2))) / QUALITY_IV_PEAK
  return {
    rows,
    total: {
      count,
      goods,
      bads,
      badRate: count > 0 ? bads / count : null,
      iv,
      js,
      quality: qIv * qp * (1 - hhiNorm),
    },
  }
}

const pct = (x: number | null) => (x === null ? '—' : `${(100 * x).toFixed(1)} %`)
const f4 = (x: number) => x.toFixed(4)

/** The table's cells as text, a header row first (for the CLI and the HTML report alike). */
export function binningCells(t: BinningTable): string[][] {
  return [
    ['bin', 'rows', 'share', 'goods', 'bads', 'bad rate', 'WOE', 'IV', 'JS'],
    ...t.rows.map((r) => [
      r.bin,
      String(r.count),
      pct(r.share),
      String(r.goods),
      String(r.bads),
      pct(r.badRate),
      f4(r.woe),
      f4(r.iv),
      f4(r.js),
    ]),
    [
      'total',
      String(t.total.count),
      pct(t.total.count > 0 ? 1 : 0),
      String(t.total.goods),
      String(t.total.bads),
      pct(t.total.badRate),
      '',
      f4(t.total.iv),
      f4(t.total.js),
    ],
  ]
}

/** The table as aligned text: the feature, its bins, the totals and the quality score. */
export function binningText(name: string, t: BinningTable, note = ''): string {
  const cells = binningCells(t)
  const widths = cells[0]!.map((_, j) => Math.max(...cells.map((r) => r[j]!.length)))
  const line = (r: string[]) => r.map((c, j) => (j === 0 ? c.padEnd(widths[j]!) : c.padStart(widths[j]!))).join('  ')
  return `${name}${note ? ` (${note})` : ''}: IV ${f4(t.total.iv)}, quality ${f4(t.total.quality)}\n${cells.map(line).join('\n')}\n`
}
