/**
 * The validation report of a scorecard on a sample: discrimination (AUC, Gini, KS), calibration by
 * score band, stability against a second sample (PSI), each feature's information value and bins,
 * and the adverse impact ratio per audit-only group at a cut-off — as data, and as one self-contained
 * HTML file with SVG charts (ROC, KS, score distribution). No scripts, no external resources.
 */
import { auc, bandOf, ks, psi, quantileEdges, rocCurve } from './metrics.ts'
import { cardsOf, ModelError, scoreTable, type Model, type Table } from './scorecard.ts'
import { DEFAULT_OUTCOME, withOutcome } from './outcome.ts'
import { isMissing } from './binning.ts'
import type { ElementRef } from './features.ts'
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
    groups: { group: string; rows: number; approvalRate: number; ratio: number | null; flagged: boolean }[]
  }[]
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
    c.predictedBad += 1 / (1 + Math.exp((s - model.scaling.offset) / model.scaling.factor))
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
      const rates = [...by].map(([g, e]) => ({ group: g, rows: e.rows, approvalRate: e.approved / e.rows }))
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
  return `<figure><svg viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${esc(title)}"><rect x="${P}" y="${P}" width="${W - 2 * P}" height="${H - 2 * P}" fill="none" stroke="#999"/>${paths}${legend}<text x="${W / 2}" y="${H - 6}" font-size="10" text-anchor="middle">${esc(axes.x)}</text><text x="10" y="${H / 2}" font-size="10" transform="rotate(-90 10 ${H / 2})" text-anchor="middle">${esc(axes.y)}</text><text x="${P}" y="${H - P + 12}" font-size="9">${esc(String(+x0.toFixed(2)))}</text><text x="${W - P}" y="${H - P + 12}" font-size="9" text-anchor="end">${esc(String(+x1.toFixed(2)))}</text></svg><figcaption>${esc(title)}</figcaption></figure>`
}

/** Which elements of a credit file a feature rests on (dictionary version), as a line of the report. */
function restsOn(elements: readonly ElementRef[] | undefined, dictionary: string | undefined): string {
  if (!elements || elements.length === 0) return ''
  return `<p>Rests on ${elements.map((e) => `<code>${esc(e.element)}</code>${e.month === undefined ? '' : ` month ${e.month}`}`).join(', ')} (data-element dictionary ${esc(dictionary ?? '')}).</p>`
}

/** The report as one HTML file. */
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
  return `<!doctype html><html lang="en"><meta charset="utf-8"><title>Validation: ${esc(model.name)}</title>
<style>body{font:14px system-ui,sans-serif;margin:2em;max-width:60em}table{border-collapse:collapse;margin:.5em 0 1.5em}td,th{border:1px solid #ccc;padding:.2em .5em;text-align:right}th{background:#f3f3f3}figure{display:inline-block;margin:0 1em 1em 0}.flag{background:#fbe3e1;font-weight:bold}</style>
<h1>Validation report: ${esc(model.name)}</h1>
<p>${r.rows} rows, ${r.bads} bad (${pct(r.bads / Math.max(1, r.rows))}). Points: ${model.scaling.baseScore} at odds ${model.scaling.baseOdds}:1, ${model.scaling.pdo} points double the odds.</p>
<table><tr><th>AUC</th><th>Gini</th><th>KS</th></tr>${rows([[f3(r.auc), f3(r.gini), `${f3(r.ks)} (at ${r.ksAt})`]])}</table>
${roc}${ksChart}${dist}
<h2>Calibration by score band</h2><table><tr><th>score</th><th>rows</th><th>observed bad rate</th><th>predicted bad rate</th></tr>${rows(r.calibration.map((c) => [range(c.from, c.to), String(c.rows), pct(c.observedBad), pct(c.predictedBad)]))}</table>
${r.stability ? `<h2>Stability: PSI ${f3(r.stability.psi)} against a sample of ${r.stability.rows} rows</h2><p>Below 0.1 stable, 0.1-0.25 watch, above 0.25 shifted.</p><table><tr><th>score</th><th>development</th><th>second sample</th></tr>${rows(r.stability.bands.map((b) => [range(b.from, b.to), pct(b.expected), pct(b.actual)]))}</table>` : ''}
<h2>Adverse impact at cut-off ${r.cutoff}</h2><p>Approval rate of each group of an audit-only column, over the best group's; below ${AIR_THRESHOLD} is flagged (the four-fifths rule). A group of fewer than ${MIN_GROUP_ROWS} rows is shown with its count but not judged, nor taken as the best group. These columns are not inputs of the model.</p>
${r.adverseImpact.map((a) => `<h3>${esc(a.column)}</h3><table><tr><th>group</th><th>rows</th><th>approval rate</th><th>ratio</th></tr>${a.groups.map((g) => `<tr${g.flagged ? ' class="flag"' : ''}><td>${esc(g.group)}</td><td>${g.rows}</td><td>${pct(g.approvalRate)}</td><td>${g.ratio === null ? `too few rows to judge (under ${MIN_GROUP_ROWS})` : `${f3(g.ratio)}${g.flagged ? ' — below 0.8' : ''}`}</td></tr>`).join('')}</table>`).join('') || '<p>No audit-only columns in the sample.</p>'}
<h2>Features</h2>
${model.format === 'fides-segmented-scorecard/1' ? `<p>Segmented on ${esc(model.segmentation.column)}: one card per segment, on the same points scale.</p>` : ''}
${cardsOf(model)
  .map(
    (
      card,
    ) => `${model.format === 'fides-segmented-scorecard/1' ? `<h2>Card ${esc(card.name)}: base points ${card.basePoints}</h2>` : ''}${card.features.map((f) => `<h3>${esc(f.name)} — IV ${f3(f.iv)}${f.monotonic ? `, ${f.monotonic}` : ''}</h3>${restsOn(f.elements, card.dictionary)}<table><tr><th>bin</th><th>rows</th><th>bad rate</th><th>WOE</th><th>points</th></tr>${rows(f.bins.map((b) => [esc(b.label), String(b.count), b.count ? pct(b.bad / b.count) : '—', f3(b.woe), String(b.points)]))}</table>`).join('')}
<h3>Left out</h3><table><tr><th>column</th><th>why</th></tr>${rows(card.excluded.map((e) => [esc(e.name), esc(e.reason.replace('_', ' ')) + (e.iv !== undefined ? ` (IV ${f3(e.iv)})` : '')]))}</table>`,
  )
  .join('')}
${binningTablesHtml(model)}
</html>
`
}
