/**
 * The validation report of a scorecard on a sample: discrimination (AUC, Gini, KS), calibration by
 * score band, stability against a second sample (PSI), each feature's information value and bins,
 * and the adverse impact ratio per audit-only group at a cut-off — as data, and as one self-contained
 * HTML file with SVG charts (ROC, KS, score distribution). No scripts, no external resources.
 */
import { auc, aucDeLong, bandOf, brierScore, ks, psi, quantileEdges, rocCurve } from './metrics.ts'
import {
  cardsOf,
  ModelError,
  scorer,
  scoreTable,
  type Model,
  type ModelFeature,
  type ModelPair,
  type ScorecardModel,
  type Table,
} from './scorecard.ts'
import { DEFAULT_OUTCOME, withOutcome } from './outcome.ts'
import { informationValue, isMissing } from './binning.ts'
import type { ElementRef } from './features.ts'
import { DATA_ELEMENTS } from '../catalogue/index.ts'
import { PSI_SHIFTED, PSI_WATCH } from './stability.ts'
import { binningTablesHtml } from './report-binning.ts'

export interface ValidationReport {
  model: string
  rows: number
  bads: number
  auc: number
  gini: number
  ks: number
  ksAt: number
  calibration: { from: number | null; to: number | null; rows: number; observedBad: number; predictedBad: number }[]
  stability: {
    rows: number
    psi: number
    bands: { from: number | null; to: number | null; expected: number; actual: number }[]
  } | null
  cutoff: number
  adverseImpact: {
    column: string
    /** every group with its rows; a group under MIN_GROUP_ROWS has no ratio and is neither flagged nor the reference */
    groups: {
      group: string
      rows: number
      approved: number
      approvalRate: number
      ratio: number | null
      flagged: boolean
    }[]
  }[]
  /** the mean squared gap between the predicted probability of a bad outcome and the outcome */
  brier: number
  /** the AUC's 95 % confidence interval by DeLong's method */
  aucInterval: { method: 'DeLong'; standardError: number; low: number; high: number }
  /** the validation sample's rows and bads in each bin of each card's features (cards and features in the model's order) */
  binCounts: { rows: number[]; bads: number[] }[][]
  /** what the charts are drawn from */
  chart: {
    curve: { threshold: number; falsePositive: number; truePositive: number }[]
    scores: number[]
    bad: number[]
  }
}

const AIR_THRESHOLD = 0.8
/** Fewer rows than this and a group's approval rate is noise: one row approved or not moves it by a whole band (a 1-row group was flagged, a 2-row group the reference). */
export const MIN_GROUP_ROWS = 30

/** The sample's outcomes, read by the model's coding; a sample without the outcome or a column the model reads is refused (an AUC of 0.5 on empty columns would mean nothing). */
function outcomes(model: Model, table: Table): Uint8Array {
  const read = cardsOf(model).flatMap((card) => {
    const derived = new Set(card.derived.map((d) => d.name))
    return [...card.features.map((f) => f.name), ...card.derived.flatMap((d) => d.columns)].filter(
      (c) => !derived.has(c),
    )
  })
  const segmentedBy = model.format === 'fides-segmented-scorecard/1' ? [model.segmentation.column] : []
  const absent = [...new Set([...read, ...segmentedBy])].filter((c) => !table.columns.includes(c))
  if (absent.length > 0)
    throw new ModelError(
      'model.no_column',
      `the sample lacks ${absent.length === 1 ? 'the column' : 'the columns'} ${absent.join(', ')} that the model reads`,
      absent,
    )
  const coded = withOutcome(table, model.target, model.outcome ?? DEFAULT_OUTCOME)
  const at = coded.columns.indexOf(model.target)
  return Uint8Array.from(coded.rows, (r) => (r[at] === '1' ? 1 : 0))
}

/** Groups of an audit-only column: its values, or age bands for a numeric column of many values. */
function groupOf(values: string[]): (v: string) => string {
  const numeric = values.filter((v) => !isMissing(v)).every((v) => Number.isFinite(Number(v)))
  if (!numeric || new Set(values).size <= 12) return (v) => (isMissing(v) ? 'missing' : v)
  return (v) => {
    if (isMissing(v)) return 'missing'
    const n = Number(v)
    return n < 25 ? '< 25' : n < 40 ? '25-39' : n < 60 ? '40-59' : '60+'
  }
}

/** The probability of a bad outcome a score stands for, on the model's points scale. */
const probabilityOf = (model: Model, score: number) =>
  1 / (1 + Math.exp((score - model.scaling.offset) / model.scaling.factor))

/** Issue 19's measures of the sample: the Brier score, the AUC's DeLong interval, and the sample's rows and bads in every bin. */
function sampleMeasures(
  model: Model,
  sample: Table,
  bad: Uint8Array,
  scores: Float64Array,
): Pick<ValidationReport, 'brier' | 'aucInterval' | 'binCounts'> {
  const interval = aucDeLong(scores, bad)
  const binCounts = cardsOf(model).map((card) =>
    card.features.map((f) => ({ rows: f.bins.map(() => 0), bads: f.bins.map(() => 0) })),
  )
  const s = scorer(model)
  const col = new Map(sample.columns.map((c, i) => [c, i]))
  sample.rows.forEach((row, i) => {
    const scored = s.score((c) => {
      const k = col.get(c)
      return k === undefined ? undefined : row[k]
    })
    scored.points.forEach((p, j) => {
      // the features' bins; a pair's cell (after them) has no bin row of its own here
      const counts = binCounts[scored.card]![j]
      if (!counts) return
      counts.rows[p.index]!++
      counts.bads[p.index]! += bad[i]!
    })
  })
  return {
    brier: brierScore(
      Float64Array.from(scores, (x) => probabilityOf(model, x)),
      bad,
    ),
    aucInterval: {
      method: 'DeLong',
      standardError: interval.standardError,
      low: interval.low,
      high: interval.high,
    },
    binCounts,
  }
}

export function validate(
  model: Model,
  sample: Table,
  options: { compare?: Table; cutoff?: number } = {},
): ValidationReport {
  const bad = outcomes(model, sample)
  const scores = scoreTable(model, sample)
  const a = auc(scores, bad)
  const k = ks(scores, bad)
  const edges = quantileEdges(scores, 10)
  const calibration = Array.from({ length: edges.length + 1 }, (_, b) => ({
    from: b === 0 ? null : edges[b - 1]!,
    to: b === edges.length ? null : edges[b]!,
    rows: 0,
    observedBad: 0,
    predictedBad: 0,
  }))
  scores.forEach((s, i) => {
    const c = calibration[bandOf(s, edges)]!
    c.rows++
    c.observedBad += bad[i]!
    c.predictedBad += probabilityOf(model, s)
  })
  for (const c of calibration) {
    c.observedBad = c.rows ? c.observedBad / c.rows : 0
    c.predictedBad = c.rows ? c.predictedBad / c.rows : 0
  }
  const stability = options.compare
    ? { rows: options.compare.rows.length, ...psi(scores, scoreTable(model, options.compare), edges) }
    : null
  // the cut-off: as given, else the score that approves 70 % of the sample
  const sorted = Float64Array.from(scores).sort()
  const cutoff = options.cutoff ?? sorted[Math.floor(0.3 * sorted.length)] ?? 0
  const adverseImpact = model.auditOnly
    .filter((c) => sample.columns.includes(c))
    .map((column) => {
      const at = sample.columns.indexOf(column)
      const values = sample.rows.map((r) => r[at]!)
      const group = groupOf(values)
      const by = new Map<string, { rows: number; approved: number }>()
      values.forEach((v, i) => {
        const g = group(v)
        const e = by.get(g) ?? { rows: 0, approved: 0 }
        e.rows++
        if (scores[i]! >= cutoff) e.approved++
        by.set(g, e)
      })
      const rates = [...by].map(([g, e]) => ({
        group: g,
        rows: e.rows,
        approved: e.approved,
        approvalRate: e.approved / e.rows,
      }))
      const judged = rates.filter((r) => r.rows >= MIN_GROUP_ROWS)
      const best = Math.max(0, ...judged.map((r) => r.approvalRate))
      return {
        column,
        groups: rates
          .sort((x, y) => (x.group < y.group ? -1 : 1))
          .map((r) =>
            r.rows < MIN_GROUP_ROWS
              ? { ...r, ratio: null, flagged: false }
              : {
                  ...r,
                  ratio: best > 0 ? r.approvalRate / best : 1,
                  flagged: best > 0 && r.approvalRate / best < AIR_THRESHOLD,
                },
          ),
      }
    })
  let bads = 0
  for (const b of bad) bads += b
  return {
    ...sampleMeasures(model, sample, bad, scores),
    model: model.name,
    rows: sample.rows.length,
    bads,
    auc: a,
    gini: 2 * a - 1,
    ks: k.ks,
    ksAt: k.at,
    calibration,
    stability,
    cutoff,
    adverseImpact,
    chart: { curve: rocCurve(scores, bad), scores: Array.from(scores), bad: Array.from(bad) },
  }
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
const pct = (x: number) => `${(x * 100).toFixed(1)} %`
const f3 = (x: number) => x.toFixed(3)

function lineChart(
  title: string,
  series: { label: string; colour: string; points: [number, number][] }[],
  axes: { x: string; y: string },
): string {
  const W = 320
  const H = 240
  const P = 36
  const xs = series.flatMap((s) => s.points.map((p) => p[0]))
  const ys = series.flatMap((s) => s.points.map((p) => p[1]))
  const [x0, x1] = [Math.min(...xs), Math.max(...xs)]
  const [y0, y1] = [Math.min(0, ...ys), Math.max(...ys)]
  const sx = (x: number) => P + ((x - x0) / (x1 - x0 || 1)) * (W - 2 * P)
  const sy = (y: number) => H - P - ((y - y0) / (y1 - y0 || 1)) * (H - 2 * P)
  const paths = series
    .map(
      (s) =>
        `<polyline fill="none" stroke="${s.colour}" stroke-width="2" points="${s.points.map(([x, y]) => `${sx(x).toFixed(1)},${sy(y).toFixed(1)}`).join(' ')}"/>`,
    )
    .join('')
  const legend = series
    .map((s, i) => `<text x="${P + 4}" y="${P - 18 + i * 12}" font-size="10" fill="${s.colour}">${esc(s.label)}</text>`)
    .join('')
  return `<figure><svg viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${esc(title)}"><rect x="${P}" y="${P}" width="${W - 2 * P}" height="${H - 2 * P}" fill="none" stroke="#999"/>${paths}${legend}<text x="${W / 2}" y="${H - 6}" font-size="10" text-anchor="middle">${esc(axes.x)}</text><text x="10" y="${H / 2}" font-size="10" transform="rotate(-90 10 ${H / 2})" text-anchor="middle">${esc(axes.y)}</text>${axisTicks({ x0, x1, y0, y1 }, sx, sy, { W, H, P })}</svg><figcaption>${esc(title)}</figcaption></figure>`
}

/** Round steps for `count` or so ticks between `lo` and `hi`: 1, 2 or 5 times a power of ten. */
export function niceTicks(lo: number, hi: number, count = 5): number[] {
  if (!(hi > lo)) return [lo]
  const raw = (hi - lo) / count
  const power = 10 ** Math.floor(Math.log10(raw))
  const step = [1, 2, 5, 10].map((m) => m * power).find((x) => x >= raw) ?? 10 * power
  const ticks: number[] = []
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) ticks.push(+v.toFixed(10))
  return ticks
}

/** Tick marks with their values on both axes of a chart, and faint grid lines. */
function axisTicks(
  range: { x0: number; x1: number; y0: number; y1: number },
  sx: (x: number) => number,
  sy: (y: number) => number,
  box: { W: number; H: number; P: number },
): string {
  const label = (v: number) => esc(String(+v.toPrecision(4)))
  const x = niceTicks(range.x0, range.x1)
    .map(
      (v) =>
        `<line x1="${sx(v).toFixed(1)}" y1="${box.P}" x2="${sx(v).toFixed(1)}" y2="${box.H - box.P + 3}" stroke="#eee"/><text x="${sx(v).toFixed(1)}" y="${box.H - box.P + 13}" font-size="9" text-anchor="middle">${label(v)}</text>`,
    )
    .join('')
  const y = niceTicks(range.y0, range.y1)
    .map(
      (v) =>
        `<line x1="${box.P - 3}" y1="${sy(v).toFixed(1)}" x2="${box.W - box.P}" y2="${sy(v).toFixed(1)}" stroke="#eee"/><text x="${box.P - 5}" y="${(sy(v) + 3).toFixed(1)}" font-size="9" text-anchor="end">${label(v)}</text>`,
    )
    .join('')
  return x + y
}

/** The calibration chart: each score decile's observed bad rate against the rate its scores predict, with its rows; on the diagonal is calibrated. */
function calibrationChart(report: ValidationReport): string {
  const W = 320
  const H = 260
  const P = 40
  const top = Math.max(0.01, ...report.calibration.flatMap((c) => [c.observedBad, c.predictedBad])) * 1.05
  const sx = (x: number) => P + (x / top) * (W - 2 * P)
  const sy = (y: number) => H - P - (y / top) * (H - 2 * P)
  const dots = report.calibration
    .filter((c) => c.rows > 0)
    .map(
      (c) =>
        `<circle cx="${sx(c.predictedBad).toFixed(1)}" cy="${sy(c.observedBad).toFixed(1)}" r="3.5" fill="#1f5fa8"/><text x="${(sx(c.predictedBad) + 5).toFixed(1)}" y="${(sy(c.observedBad) - 4).toFixed(1)}" font-size="8" fill="#555">n=${c.rows}</text>`,
    )
    .join('')
  const title = 'Calibration: observed against predicted bad rate, by score decile'
  return `<figure><svg viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${esc(title)}"><rect x="${P}" y="${P}" width="${W - 2 * P}" height="${H - 2 * P}" fill="none" stroke="#999"/>${axisTicks({ x0: 0, x1: top, y0: 0, y1: top }, sx, sy, { W, H, P })}<line x1="${sx(0)}" y1="${sy(0)}" x2="${sx(top).toFixed(1)}" y2="${sy(top).toFixed(1)}" stroke="#bbb" stroke-dasharray="4 3"/>${dots}<text x="${P + 4}" y="${P - 8}" font-size="10" fill="#555">dashed: calibrated</text><text x="${W / 2}" y="${H - 6}" font-size="10" text-anchor="middle">predicted bad rate</text><text x="10" y="${H / 2}" font-size="10" transform="rotate(-90 10 ${H / 2})" text-anchor="middle">observed bad rate</text></svg><figcaption>${esc(title)}; n is the decile's rows</figcaption></figure>`
}

/** Discrimination and calibration in one table: the AUC with its DeLong interval, Gini, KS and the Brier score. */
function measuresTable(report: ValidationReport): string {
  const i = report.aucInterval
  const interval = Number.isFinite(i.low)
    ? `${f3(i.low)} – ${f3(i.high)}`
    : 'not computed (fewer than two rows of each outcome)'
  return `<table><tr><th>AUC</th><th>95 % confidence interval of the AUC (DeLong's method)</th><th>Gini</th><th>KS</th><th>Brier score</th></tr><tr><td>${f3(report.auc)}</td><td>${interval}</td><td>${f3(report.gini)}</td><td>${f3(report.ks)} (at ${report.ksAt})</td><td>${report.brier.toFixed(4)}</td></tr></table>
<p>The interval is DeLong's (DeLong, DeLong and Clarke-Pearson, 1988): the AUC ± 1.96 standard errors estimated from each row's share of the good-bad pairs it orders right. The Brier score is the mean squared gap between the predicted probability of a bad outcome and the outcome: 0 is perfect, and always predicting the sample's bad rate of ${pct(report.bads / Math.max(1, report.rows))} would score ${((report.bads / Math.max(1, report.rows)) * (1 - report.bads / Math.max(1, report.rows))).toFixed(4)}.</p>`
}

/** How strong an information value is, in the usual words. */
const ivStrength = (iv: number) =>
  iv < 0.02 ? 'not predictive' : iv < 0.1 ? 'weak' : iv < 0.3 ? 'medium' : iv < 0.5 ? 'strong' : 'very strong'

/** The features' information values, strongest first: in development (the model file) and on this sample (its own rows per bin). */
function ivTable(model: Model, report: ValidationReport): string {
  const cards = cardsOf(model)
  const rows = cards.flatMap((card, k) =>
    card.features.map((f, j) => {
      const counts = report.binCounts[k]![j]!
      const bads = counts.bads.reduce((a, b) => a + b, 0)
      const total = counts.rows.reduce((a, b) => a + b, 0)
      const sampleIv =
        bads > 0 && total > bads
          ? informationValue(
              counts.rows.map((count, b) => ({ count, bad: counts.bads[b]! })),
              total - bads,
              bads,
            )
          : NaN
      return { card: card.name, name: featureName(f), iv: f.iv, sampleIv }
    }),
  )
  rows.sort((a, b) => b.iv - a.iv)
  const segmented = cards.length > 1
  return `<h2>Information value of the features</h2><p>Below 0.02 not predictive, 0.02-0.1 weak, 0.1-0.3 medium, 0.3-0.5 strong. A large fall from development to this sample says the feature separates goods from bads less well than it did.</p><table><tr>${segmented ? '<th>card</th>' : ''}<th>feature</th><th>IV in development</th><th>IV on this sample</th><th>strength</th></tr>${rows.map((r) => `<tr>${segmented ? `<td>${esc(r.card)}</td>` : ''}<td>${esc(r.name)}</td><td>${f3(r.iv)}</td><td>${Number.isFinite(r.sampleIv) ? f3(r.sampleIv) : '—'}</td><td>${ivStrength(r.iv)}</td></tr>`).join('')}</table>`
}

/** A feature's name for people: its column, and the element of a credit file it holds. */
function featureName(f: ModelFeature): string {
  const element = f.elements.length === 1 ? DATA_ELEMENTS.get(f.elements[0]!.element) : undefined
  return element
    ? `${f.name} (${element.name.en}${f.elements[0]!.month === undefined ? '' : `, month ${f.elements[0]!.month}`})`
    : f.name
}

/** A feature's bins: development rows, bad rate, WOE and points, beside this sample's rows and bad rate in each bin. */
function binsTable(f: ModelFeature, counts: { rows: number[]; bads: number[] }): string {
  const cells = f.bins.map((b, k) => {
    const n = counts.rows[k]!
    return `<tr><td>${esc(b.label)}</td><td>${b.count}</td><td>${b.count ? pct(b.bad / b.count) : '—'}</td><td>${n}</td><td>${n ? pct(counts.bads[k]! / n) : '—'}</td><td>${f3(b.woe)}</td><td>${b.points}</td></tr>`
  })
  return `<table><tr><th rowspan="2">bin</th><th colspan="2">development</th><th colspan="2">this sample</th><th rowspan="2">WOE</th><th rowspan="2">points</th></tr><tr><th>rows</th><th>bad rate</th><th>rows</th><th>bad rate</th></tr>${cells.join('')}</table>`
}

/** Why a column was left out of a card, in words. */
const EXCLUSION_WORDS: Record<ModelExclusion, string> = {
  audit_only: 'a protected attribute: kept for the adverse-impact analysis only',
  ignored: 'not read (the spec says why)',
  identifier: 'an identifier: every value distinct',
  constant: 'the same value in every row',
  target_leak: 'a leak of the outcome: every bin all good or all bad',
  low_iv: 'too little information',
  wrong_sign: 'its points would say a safer bin is riskier (collinear with another feature)',
}
type ModelExclusion = ScorecardModel['excluded'][number]['reason']

/** A feature's shape in words. */
const shapeWords = (monotonic: ModelFeature['monotonic']) =>
  monotonic === 'increasing'
    ? ', risk rises from bin to bin'
    : monotonic === 'decreasing'
      ? ', risk falls from bin to bin'
      : ''

/** Which elements of a credit file a feature rests on (dictionary version), as a line of the report. */
function restsOn(elements: readonly ElementRef[] | undefined, dictionary: string | undefined): string {
  if (!elements || elements.length === 0) return ''
  return `<p>Rests on ${elements.map((e) => `${esc(DATA_ELEMENTS.get(e.element)?.name.en ?? e.element)}${e.month === undefined ? '' : `, month ${e.month}`}`).join('; ')} (data-element dictionary ${esc(dictionary ?? '')}).</p>`
}

/** The report as one HTML file. */
/**
 * A boosted card's pairwise terms, each as the 2-D table a person reads: the points of every cell (the
 * first feature's groups down, the second's across) with the development rows in it.
 */
function pairTables(pairs: readonly ModelPair[]): string {
  return pairs
    .map(
      (pair) =>
        `<h3>${esc(pair.features[0])} × ${esc(pair.features[1])}: points of each cell (development rows)</h3><p>Added to the two features' own points: what the two do together, beyond each alone.</p><table><tr><th>${esc(pair.features[0])} ↓ ${esc(pair.features[1])} →</th>${pair.columns.map((c) => `<th>${esc(c.label)}</th>`).join('')}</tr>${pair.rows
          .map(
            (r, i) =>
              `<tr><th>${esc(r.label)}</th>${pair.columns.map((_, j) => `<td>${pair.points[i]![j]!} (${pair.count[i]![j]!})</td>`).join('')}</tr>`,
          )
          .join('')}</table>`,
    )
    .join('')
}

export function reportHtml(model: Model, report: ValidationReport): string {
  const r = { ...report, ...report.chart }
  const step = Math.max(1, Math.floor(r.curve.length / 200))
  const curve = r.curve.filter((_, i) => i % step === 0 || i === r.curve.length - 1)
  const roc = lineChart(
    `ROC: AUC ${f3(r.auc)}`,
    [
      { label: 'model', colour: '#1f5fa8', points: curve.map((p) => [p.falsePositive, p.truePositive]) },
      {
        label: 'chance',
        colour: '#bbb',
        points: [
          [0, 0],
          [1, 1],
        ],
      },
    ],
    { x: 'share of goods below the score', y: 'share of bads below the score' },
  )
  const finite = curve.filter((p) => Number.isFinite(p.threshold))
  const ksChart = lineChart(
    `KS ${f3(r.ks)} at score ${r.ksAt}`,
    [
      { label: 'bads (cumulative)', colour: '#b03a2e', points: finite.map((p) => [p.threshold, p.truePositive]) },
      { label: 'goods (cumulative)', colour: '#1e8449', points: finite.map((p) => [p.threshold, p.falsePositive]) },
    ],
    { x: 'score', y: 'cumulative share' },
  )
  const lo = Math.min(...r.scores)
  const hi = Math.max(...r.scores)
  const bins = 20
  const width = (hi - lo) / bins || 1
  const hist = (cls: number) =>
    Array.from(
      { length: bins },
      (_, b) =>
        [
          lo + (b + 0.5) * width,
          r.scores.filter((s, i) => r.bad[i] === cls && Math.min(bins - 1, Math.floor((s - lo) / width)) === b).length /
            Math.max(1, r.bad.filter((x) => x === cls).length),
        ] as [number, number],
    )
  const dist = lineChart(
    'Score distribution',
    [
      { label: 'goods', colour: '#1e8449', points: hist(0) },
      { label: 'bads', colour: '#b03a2e', points: hist(1) },
    ],
    { x: 'score', y: 'share of the class' },
  )
  const range = (from: number | null, to: number | null) => `${from === null ? '' : from} – ${to === null ? '' : to}`
  const rows = (cells: string[][]) => cells.map((c) => `<tr>${c.map((x) => `<td>${x}</td>`).join('')}</tr>`).join('')
  return `<!doctype html><html lang="en"><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>Validation: ${esc(model.name)}</title>
<style>body{font:14px system-ui,sans-serif;margin:2em;max-width:60em}table{border-collapse:collapse;margin:.5em 0 1.5em}td,th{border:1px solid #ccc;padding:.2em .5em;text-align:right}th{background:#f3f3f3}figure{display:inline-block;margin:0 1em 1em 0}.flag{background:#fbe3e1;font-weight:bold}svg{max-width:100%;height:auto}@media (max-width:40em){body{margin:.5em}table{display:block;overflow-x:auto}figure{margin:0 0 1em}}</style>
<h1>Validation report: ${esc(model.name)}</h1>
<p>${r.rows} rows, ${r.bads} bad (${pct(r.bads / Math.max(1, r.rows))}). Points: ${model.scaling.baseScore} at odds ${model.scaling.baseOdds}:1, ${model.scaling.pdo} points double the odds.</p>
${measuresTable(report)}
${roc}${ksChart}${dist}
<h2>Calibration by score decile</h2>${calibrationChart(report)}<table><tr><th>score</th><th>rows</th><th>bads</th><th>observed bad rate</th><th>predicted bad rate</th></tr>${rows(r.calibration.map((c) => [range(c.from, c.to), String(c.rows), String(Math.round(c.observedBad * c.rows)), pct(c.observedBad), pct(c.predictedBad)]))}</table>
${r.stability ? `<h2>Stability: PSI ${f3(r.stability.psi)} against a sample of ${r.stability.rows} rows</h2><p>Below ${PSI_WATCH} stable, ${PSI_WATCH}-${PSI_SHIFTED} watch, above ${PSI_SHIFTED} shifted.</p><table><tr><th>score</th><th>development</th><th>second sample</th></tr>${rows(r.stability.bands.map((b) => [range(b.from, b.to), pct(b.expected), pct(b.actual)]))}</table>` : ''}
<h2>Adverse impact at cut-off ${r.cutoff}</h2><p>Approval rate of each group of an audit-only column, over the best group's; below ${AIR_THRESHOLD} is flagged (the four-fifths rule). Minimum group size: ${MIN_GROUP_ROWS} rows. A smaller group is shown with its counts but not judged, nor taken as the best group. These columns are not inputs of the model.</p>
${r.adverseImpact.map((a) => `<h3>${esc(a.column)}</h3><table><tr><th>group</th><th>rows</th><th>approved</th><th>approval rate</th><th>ratio to the best group</th></tr>${a.groups.map((g) => `<tr${g.flagged ? ' class="flag"' : ''}><td>${esc(g.group)}</td><td>${g.rows}</td><td>${g.approved}</td><td>${pct(g.approvalRate)}</td><td>${g.ratio === null ? `too few rows to judge (under ${MIN_GROUP_ROWS})` : `${f3(g.ratio)}${g.flagged ? ' — below 0.8' : ''}`}</td></tr>`).join('')}</table>`).join('') || '<p>No audit-only columns in the sample.</p>'}
${ivTable(model, report)}
<h2>Features</h2>
${model.format === 'fides-segmented-scorecard/1' ? `<p>Segmented on ${esc(model.segmentation.column)}: one card per segment, on the same points scale.</p>` : ''}
${cardsOf(model)
  .map(
    (
      card,
      k,
    ) => `${model.format === 'fides-segmented-scorecard/1' ? `<h2>Card ${esc(card.name)}: base points ${card.basePoints}</h2>` : ''}${card.features.map((f, j) => `<h3>${esc(f.name)} — IV ${f3(f.iv)}${shapeWords(f.monotonic)}</h3>${restsOn(f.elements, card.dictionary)}${binsTable(f, report.binCounts[k]![j]!)}`).join('')}${'pairs' in card ? pairTables(card.pairs ?? []) : ''}
<h3>Left out</h3><table><tr><th>column</th><th>why</th></tr>${rows(card.excluded.map((e) => [esc(e.name), esc(EXCLUSION_WORDS[e.reason]) + (e.iv !== undefined ? ` (IV ${f3(e.iv)})` : '')]))}</table>`,
  )
  .join('')}
${binningTablesHtml(model)}
</html>
`
}
