/**
 * Scorecard development: bin every allowed feature (binning.ts), keep those with information value,
 * fit a logistic regression on their weights of evidence (logistic.ts), drop features whose sign says
 * "riskier is safer" (a sign of collinearity), and scale to points: the score is the base points plus
 * one feature's points per feature, `pdo` points double the odds of good to bad, and `baseScore` is
 * odds of `baseOdds` to 1. The model file holds every bin with its counts, WOE and points: a person
 * can check any score by hand. Same rows and options give the same file, byte for byte.
 */
import { createHash } from 'node:crypto'
import {
  binCategorical,
  binIndex,
  binLabel,
  binNumeric,
  informationValue,
  isMissing,
  resolveBinning,
  type BinningOptions,
  type BinRule,
  type FeatureBinningOptions,
  type FeatureBinning,
} from './binning.ts'
import { DATA_ELEMENTS, DICTIONARY_VERSION } from '../catalogue/index.ts'
import {
  derive,
  elementValue,
  featureElements,
  resolveSpec,
  toElementValues,
  type Derivation,
  type ElementRef,
  type ModelInput,
  type ModelSpec,
  type ProtectedList,
  type SpecProblem,
} from './features.ts'
import { fitLogistic } from './logistic.ts'
import { CHARACTERISTICS_VERSION, type Characteristic } from './characteristics.ts'
import { bandOf, quantileEdges } from './metrics.ts'
import { fitBoosted, readableBins, type BoostOptions, type Trend } from './boosted.ts'
import type { OutcomeCoding } from './outcome.ts'

export interface Table {
  columns: string[]
  rows: string[][]
}

export interface FitOptions extends BinningOptions {
  target: string
  name?: string
  /** maps every column but the target: to a finance element (an input), to protected attributes (audit-only) or as ignored */
  spec: ModelSpec
  protectedList: ProtectedList
  /** features below this information value are left out: default 0.02 */
  minIv?: number
  l2?: number
  baseScore?: number
  baseOdds?: number
  pdo?: number
  /** recorded in the model file (the seed of the folds or sample the rows came from) */
  seed?: number
  /** the development file's bytes, for its digest in the model file */
  source?: Uint8Array
  /** `classic`: WOE bins and a logistic regression (default); `boosted`: shapes fitted by cyclic boosting (boosted.ts) */
  method?: 'classic' | 'boosted'
  boost?: BoostOptions
}

export interface ModelBin {
  rule: BinRule
  label: string
  count: number
  bad: number
  woe: number
  points: number
}

export interface ModelFeature {
  name: string
  /** computed by one of the model's derivations */
  derived: boolean
  /** the elements of a credit file the feature rests on: its input's, or those a derived feature combines */
  elements: ElementRef[]
  type: FeatureBinning['type']
  special: number[]
  monotonic: FeatureBinning['monotonic']
  /** the trend the classic card's bins follow (ascending, descending, peak, valley, none; fixed for user splits); absent in boosted cards and models fitted before */
  trend?: FeatureBinning['trend']
  iv: number
  coefficient: number
  reason: { code: string; text: string }
  inquiries: boolean
  bins: ModelBin[]
}

/**
 * A boosted card's pairwise term: a 2-D table of points over groups of two of its features' values (what the
 * two do together, beyond each one's own points), read cell by cell as the features' bins are.
 */
export interface ModelPair {
  features: [string, string]
  reason: { code: string; text: string }
  rows: { rule: BinRule; label: string }[]
  columns: { rule: BinRule; label: string }[]
  count: number[][]
  bad: number[][]
  /** minus each cell's contribution to the log-odds, as a bin's WOE */
  woe: number[][]
  points: number[][]
  /** the FAST gain it was chosen by */
  gain: number
}

export interface ScorecardModel {
  format: 'fides-scorecard/1'
  name: string
  target: string
  seed: number | null
  development: {
    rows: number
    bads: number
    sha256: string | null
    /** the development sample's scores: the edges of its deciles and the rows in each (absent in models fitted before it was recorded); the stability report's baseline */
    scores?: { edges: number[]; counts: number[] }
  }
  /** the fit's settings (the binning's constraints: a feature's own in the spec override them); maxShare, minBads and minGoods absent in models fitted before they were constraints */
  options: {
    minIv: number
    l2: number
    minShare: number
    maxShare?: number
    minBads?: number
    minGoods?: number
    maxBins: number
    chiThreshold: number
  }
  scaling: { baseScore: number; baseOdds: number; pdo: number; factor: number; offset: number }
  /** the logistic regression's iterations and deviance per row: only a converged fit becomes a model (logistic.ts); absent in models fitted before it was recorded */
  fit?: { iterations: number; deviance: number }
  /** the development file's values of the outcome, when they were not 1 and 0: the model's reports read samples by them */
  outcome?: OutcomeCoding
  /** how the points were fitted, when not by a logistic regression on WOE: boosted shapes (each bin's WOE is then minus its contribution to the log-odds, the coefficient −1) */
  method?: 'boosted'
  /** the boosting's settings and the rounds each bag ran */
  boosting?: { learningRate: number; bags: number; rounds: number[] }
  intercept: number
  basePoints: number
  /** the version of the data-element dictionary the inputs' elements are read in */
  dictionary: string
  /** every input column of the development file: the element it holds (and month, and the translation of its codes) */
  inputs: Record<string, ModelInput>
  /** the version of the list of characteristic kinds the characteristics are read in (characteristics.ts) */
  characteristicsVersion?: string
  /** the columns computed from the person's records as of the scoring date, never sent by a lender */
  characteristics?: Record<string, Characteristic>
  /** computed in this order before scoring; a derivation may use an earlier one */
  derived: Derivation[]
  features: ModelFeature[]
  /** a boosted card's pairwise terms: the score adds one cell's points of each */
  pairs?: ModelPair[]
  excluded: {
    name: string
    reason: 'audit_only' | 'ignored' | 'identifier' | 'constant' | 'target_leak' | 'low_iv' | 'wrong_sign'
    iv?: number
  }[]
  /** columns kept for the adverse-impact analysis only */
  auditOnly: string[]
  /** the protected attributes each audit-only column holds */
  protectedAttributes: Record<string, string[]>
  protectedList: string
}

/** A card's characteristics from the file and their list's version; nothing for a card of lender-supplied inputs only (its file stays as it was). */
const fromFile = (characteristics: Record<string, Characteristic>) =>
  Object.keys(characteristics).length === 0 ? {} : { characteristicsVersion: CHARACTERISTICS_VERSION, characteristics }

export class ModelError extends Error {
  readonly code: string
  readonly columns: string[]
  readonly problems: readonly SpecProblem[]
  constructor(code: string, message: string, columns: string[] = [], problems: readonly SpecProblem[] = []) {
    super(message)
    this.code = code
    this.columns = columns
    this.problems = problems
  }

  /** One error for every problem of a spec or its data: the first problem's code, every column named. */
  static of(problems: readonly SpecProblem[]): ModelError {
    return new ModelError(
      problems[0]!.code,
      problems.map((p) => p.message).join('; '),
      [...new Set(problems.map((p) => p.column).filter(Boolean))],
      problems,
    )
  }
}

const r6 = (x: number) => Math.round(x * 1e6) / 1e6

/** Fits a scorecard on a table whose `target` column holds 0 (good) or 1 (bad): a file's own values are read by withOutcome (outcome.ts) first. */
export function fitScorecard(table: Table, options: FitOptions): ScorecardModel {
  return withScoreDistribution(fitCard(table, options), table)
}

/** The model with its development sample's score distribution: the deciles' edges and rows, which the monthly stability report compares the scores given with. */
function withScoreDistribution<M extends Model>(model: M, table: Table): M {
  const scores = scoreTable(model, table)
  const edges = quantileEdges(scores, 10)
  const counts = new Array<number>(edges.length + 1).fill(0)
  for (const s of scores) counts[bandOf(s, edges)]!++
  return { ...model, development: { ...model.development, scores: { edges, counts } } }
}

/**
 * Every candidate feature of a table binned by the spec's settings (binning.ts), those that cannot be
 * features left out with the reason: what the classic and the boosted fits, and `fides model bins`, start from.
 */
export function binFeatures(table: Table, options: FitOptions): Omit<Prepared, 'minIv'> {
  const col = new Map(table.columns.map((c, i) => [c, i]))
  const targetAt = col.get(options.target)
  if (targetAt === undefined) throw new ModelError('model.no_target', `no column ${options.target}`, [options.target])
  const bad = new Uint8Array(table.rows.length)
  table.rows.forEach((row, i) => {
    const v = row[targetAt]
    if (v !== '0' && v !== '1')
      throw new ModelError(
        'model.bad_target',
        `line ${i + 2}: ${options.target} must be 0 (good) or 1 (bad), got "${v}" (read the file's values with withOutcome)`,
        [options.target],
      )
    bad[i] = v === '1' ? 1 : 0
  })
  // the charter, by construction: every column is mapped, and only finance elements are inputs
  const resolved = resolveSpec(options.spec, table.columns, options.target, options.protectedList)
  if (Array.isArray(resolved)) throw ModelError.of(resolved)
  const { inputs, protectedAttributes, derived, characteristics } = resolved
  const spec = options.spec
  const asElements = toElementValues(table, inputs, options.spec.features)
  if (Array.isArray(asElements)) throw ModelError.of(asElements)
  // derived features become columns (in their order: one may use an earlier one)
  table = withDerived(asElements, derived)
  for (const d of derived) col.set(d.name, table.columns.indexOf(d.name))
  const candidates = table.columns.filter((c) => Object.hasOwn(inputs, c) || Object.hasOwn(characteristics, c))
  const auditOnly = Object.keys(protectedAttributes)

  const excluded: ScorecardModel['excluded'] = [
    ...auditOnly.map((name) => ({ name, reason: 'audit_only' as const })),
    ...resolved.ignored.map((name) => ({ name, reason: 'ignored' as const })),
  ]
  const binned: Prepared['binned'] = []
  const features = [
    ...candidates.map((name) => ({ name, derived: false })),
    ...derived.map((d) => ({ name: d.name, derived: true })),
  ]
  for (const f of features) {
    const at = col.get(f.name)!
    const raw = table.rows.map((row) => row[at]!)
    const present = raw.filter((v) => !isMissing(v))
    const distinct = new Set(present)
    if (distinct.size <= 1) {
      excluded.push({ name: f.name, reason: 'constant' })
      continue
    }
    const fs = spec.features?.[f.name] ?? {}
    // a coded element bins as categories, whatever its codes look like; a number may be binned as categories if the spec says so
    const numeric =
      fs.type !== 'categorical' && !isCodedInput(inputs[f.name]) && present.every((v) => Number.isFinite(Number(v)))
    if (
      !f.derived &&
      distinct.size === table.rows.length &&
      (numeric ? present.every((v) => Number.isInteger(Number(v))) : true)
    ) {
      excluded.push({ name: f.name, reason: 'identifier' })
      continue
    }
    const special = fs.special ?? []
    // the feature's own settings over the fit's
    const own: FeatureBinningOptions = { ...options }
    for (const key of ['trend', 'splits', 'pool', 'minShare', 'maxShare', 'minBads', 'minGoods'] as const)
      if (fs[key] !== undefined) Object.assign(own, { [key]: fs[key] })
    const numbers = numeric ? Float64Array.from(raw, (v) => (isMissing(v) ? NaN : Number(v))) : undefined
    const binOf = (o: FeatureBinningOptions) =>
      numbers ? binNumeric(numbers, bad, special, o) : binCategorical(raw, bad, o, special)
    const binning = binOf(own)
    // a leak of the target: pure bins once the constraints (which a pure bin cannot meet) are lifted
    const free = binOf({ ...own, minShare: 0, maxShare: 1, minBads: 0, minGoods: 0 })
    const populated = free.bins.filter((b) => b.count > 0)
    if (populated.length > 1 && populated.every((b) => b.bad === 0 || b.bad === b.count)) {
      excluded.push({ name: f.name, reason: 'target_leak', iv: binning.iv })
      continue
    }
    binned.push({ name: f.name, derived: f.derived, special: special.flat(), binning, raw })
  }
  return { table, bad, inputs, characteristics, derived, protectedAttributes, excluded, binned }
}

function fitCard(table: Table, options: FitOptions): ScorecardModel {
  const prepared = binFeatures(table, options)
  const { bad, inputs, characteristics, derived, protectedAttributes, excluded, binned } = prepared
  const spec = options.spec
  const auditOnly = Object.keys(protectedAttributes)
  const minIv = options.minIv ?? 0.02
  if (options.method === 'boosted') return boostedCard(options, { ...prepared, minIv })
  let kept = binned.filter((b) => {
    if (b.binning.iv >= minIv) return true
    excluded.push({ name: b.name, reason: 'low_iv', iv: b.binning.iv })
    return false
  })
  const woeColumns = new Map(
    kept.map((b) => [b.name, Float64Array.from(b.raw, (v) => b.binning.bins[binIndex(b.binning, v)]!.woe)]),
  )
  const l2 = options.l2 ?? 1
  let fit = fitOn(
    kept.map((b) => woeColumns.get(b.name)!),
    bad,
    l2,
    kept.map((b) => b.name),
  )
  // a positive coefficient on WOE means "a safer bin is riskier": drop the worst such feature, refit
  for (;;) {
    let worst = -1
    fit.coefficients.forEach((c, j) => {
      if (c > 0 && (worst < 0 || c > fit.coefficients[worst]!)) worst = j
    })
    if (worst < 0) break
    excluded.push({ name: kept[worst]!.name, reason: 'wrong_sign', iv: kept[worst]!.binning.iv })
    kept = kept.filter((_, j) => j !== worst)
    fit = fitOn(
      kept.map((b) => woeColumns.get(b.name)!),
      bad,
      l2,
      kept.map((b) => b.name),
    )
  }

  const { scaling, factor, offset } = scalingOf(options)
  return {
    ...cardHeader(options, bad, minIv),
    scaling,
    fit: { iterations: fit.iterations, deviance: r6(fit.deviance) },
    ...(options.spec.outcome ? { outcome: options.spec.outcome } : {}),
    intercept: r6(fit.intercept),
    // logit P(bad) = intercept + Σ β·WOE, and score = offset − factor·logit
    basePoints: Math.round(offset - factor * fit.intercept),
    dictionary: DICTIONARY_VERSION,
    inputs,
    ...fromFile(characteristics),
    derived,
    features: kept.map((b, j) => {
      const beta = fit.coefficients[j]!
      const fs = spec.features?.[b.name] ?? {}
      return {
        name: b.name,
        derived: b.derived,
        elements: featureElements(b.name, derived, inputs, characteristics),
        type: b.binning.type,
        special: b.special,
        monotonic: b.binning.monotonic,
        trend: b.binning.trend,
        iv: b.binning.iv,
        coefficient: r6(beta),
        reason: {
          code: `R${String(j + 1).padStart(2, '0')}`,
          text: fs.reason ?? `${b.name}: the value given scored fewer points than other values`,
        },
        inquiries: fs.inquiries ?? /inquir/i.test(b.name),
        bins: b.binning.bins.map((bin) => ({
          rule: bin.rule,
          label: binLabel(bin.rule),
          count: bin.count,
          bad: bin.bad,
          woe: bin.woe,
          points: Math.round(-factor * beta * bin.woe) + 0,
        })),
      }
    }),
    excluded,
    auditOnly,
    protectedAttributes,
    protectedList: options.protectedList.version,
  }
}

/** What every card's file opens with: its name, target, seed, development sample and options. */
function cardHeader(options: FitOptions, bad: Uint8Array, minIv: number) {
  let bads = 0
  for (const b of bad) bads += b
  const { minShare, maxShare, minBads, minGoods, maxBins, chiThreshold } = resolveBinning(options)
  return {
    format: 'fides-scorecard/1' as const,
    name: options.name ?? 'scorecard',
    target: options.target,
    seed: options.seed ?? null,
    development: developmentOf(bad.length, bads, options.source),
    options: { minIv, l2: options.l2 ?? 1, minShare, maxShare, minBads, minGoods, maxBins, chiThreshold },
  }
}

/** The points scale: `pdo` points double the odds of good to bad, `baseScore` is odds of `baseOdds` to 1. */
function scalingOf(options: FitOptions) {
  const baseScore = options.baseScore ?? 600
  const baseOdds = options.baseOdds ?? 50
  const pdo = options.pdo ?? 20
  const factor = pdo / Math.LN2
  const offset = baseScore - factor * Math.log(baseOdds)
  return { factor, offset, scaling: { baseScore, baseOdds, pdo, factor: r6(factor), offset: r6(offset) } }
}

/** What the classic and the boosted fits share once the features are binned. */
interface Prepared {
  table: Table
  bad: Uint8Array
  inputs: Record<string, ModelInput>
  characteristics: Record<string, Characteristic>
  derived: Derivation[]
  protectedAttributes: Record<string, string[]>
  excluded: ScorecardModel['excluded']
  binned: { name: string; derived: boolean; special: number[]; binning: FeatureBinning; raw: string[] }[]
  minIv: number
}

/**
 * The boosted card (boosted.ts): every feature that is not constant, an identifier or a leak keeps a
 * shape (no IV threshold: a weak feature's shape is flat and costs nothing); each bin's points are
 * −factor × its contribution to the log-odds. The same model format as the classic card, so that
 * scoring, reasons, reports and the registry read it unchanged.
 */
function boostedCard(options: FitOptions, p: Prepared): ScorecardModel {
  const { scaling, factor, offset } = scalingOf(options)
  // the boosted shapes hold a monotone trend; a peak, a valley or auto is free there
  const trendOf = (name: string): Trend => {
    const t = options.spec.features?.[name]?.trend
    return t === 'ascending' || t === 'descending' ? t : 'none'
  }
  const fit = fitBoosted(
    p.binned.map((b) => ({
      name: b.name,
      raw: b.raw,
      type: b.binning.type,
      special: b.special,
      trend: trendOf(b.name),
    })),
    p.bad,
    { seed: options.seed ?? 1, ...options.boost },
  )
  const header = cardHeader(options, p.bad, p.minIv)
  const bads = header.development.bads
  const goods = p.bad.length - bads
  const pointsOf = (woe: number) => Math.round(factor * r6(woe)) + 0
  return {
    ...header,
    scaling,
    ...(options.spec.outcome ? { outcome: options.spec.outcome } : {}),
    method: 'boosted',
    boosting: {
      learningRate: options.boost?.learningRate ?? 0.05,
      bags: fit.rounds.length,
      rounds: fit.rounds,
    },
    intercept: r6(fit.intercept),
    basePoints: Math.round(offset - factor * fit.intercept),
    dictionary: DICTIONARY_VERSION,
    inputs: p.inputs,
    ...fromFile(p.characteristics),
    derived: p.derived,
    features: fit.shapes.map((shape, j) => {
      const b = p.binned[j]!
      const fs = options.spec.features?.[b.name] ?? {}
      const bins = readableBins(shape, pointsOf)
      return {
        name: b.name,
        derived: b.derived,
        elements: featureElements(b.name, p.derived, p.inputs, p.characteristics),
        type: shape.type,
        special: b.special,
        monotonic: shape.monotonic,
        iv: r6(informationValue(bins, goods, bads)),
        coefficient: -1,
        reason: {
          code: `R${String(j + 1).padStart(2, '0')}`,
          text: fs.reason ?? `${b.name}: the value given scored fewer points than other values`,
        },
        inquiries: fs.inquiries ?? /inquir/i.test(b.name),
        bins: bins.map((bin) => ({
          rule: bin.rule,
          label: binLabel(bin.rule),
          count: bin.count,
          bad: bin.bad,
          woe: r6(bin.woe),
          points: pointsOf(bin.woe),
        })),
      }
    }),
    ...(fit.pairs.length > 0
      ? {
          pairs: fit.pairs.map((pair, k): ModelPair => {
            const [a, b] = pair.features.map((j) => p.binned[j]!.name) as [string, string]
            const text = (name: string) => options.spec.features?.[name]?.reason ?? name
            return {
              features: [a, b],
              reason: {
                code: `R${String(fit.shapes.length + k + 1).padStart(2, '0')}`,
                text: `${text(a)}, together with: ${text(b)}`,
              },
              rows: pair.rows.map((rule) => ({ rule, label: binLabel(rule) })),
              columns: pair.columns.map((rule) => ({ rule, label: binLabel(rule) })),
              count: pair.count,
              bad: pair.bad,
              woe: pair.woe.map((row) => row.map(r6)),
              points: pair.woe.map((row) => row.map((w) => pointsOf(w))),
              gain: r6(pair.gain),
            }
          }),
        }
      : {}),
    excluded: p.excluded,
    auditOnly: Object.keys(p.protectedAttributes),
    protectedAttributes: p.protectedAttributes,
    protectedList: options.protectedList.version,
  }
}

/** Whether an input holds a coded element (binned as categories). */
function isCodedInput(input: ModelInput | undefined): boolean {
  const type = input ? DATA_ELEMENTS.get(input.element)?.value.type : undefined
  return type === 'code' || type === 'boolean'
}

/** The table with one more column per derivation (a missing or undefined value is empty). */
export function withDerived(table: Table, derived: readonly Derivation[]): Table {
  if (derived.length === 0) return table
  const columns = [...table.columns, ...derived.map((d) => d.name)]
  const col = new Map(columns.map((c, i) => [c, i]))
  const rows = table.rows.map((row) => {
    const out = [...row]
    for (const d of derived) {
      const v = derive(d, (c) => out[col.get(c)!] ?? '')
      out.push(Number.isNaN(v) ? '' : String(r6(v)))
    }
    return out
  })
  return { columns, rows }
}

/** The logistic regression on the WOE columns; a fit that did not converge, or separates the classes, is refused (no model). */
function fitOn(columns: Float64Array[], bad: Uint8Array, l2: number, names: readonly string[]) {
  const n = bad.length
  const p = columns.length
  const x = new Float64Array(n * p)
  for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) x[i * p + j] = columns[j]![i]!
  const fit = fitLogistic(x, bad, p, { l2 })
  if (fit.outcome === 'separated')
    throw new ModelError(
      'model.separated',
      `the characteristics ${names.join(', ')} separate goods from bads completely: the regression has no finite answer; raise --l2 or remove the characteristic that restates the outcome`,
      [...names],
    )
  if (fit.outcome !== 'converged')
    throw new ModelError(
      'model.not_converged',
      `the logistic regression did not converge in ${fit.iterations} iterations (largest gradient ${fit.gradient.toExponential(2)} per row): no model was written; raise --l2 or remove collinear characteristics`,
      [...names],
    )
  return fit
}

/** What a model records of its development sample: its size, its bads, the digest of its file. */
const developmentOf = (rows: number, bads: number, source: Uint8Array | undefined): ScorecardModel['development'] => ({
  rows,
  bads,
  sha256: source ? createHash('sha256').update(source).digest('hex') : null,
})

/** The model file's text: stable key order, two-space indent, a final newline. */
export const modelText = (model: Model): string => JSON.stringify(model, null, 2) + '\n'

export interface Reason {
  code: string
  feature: string
  text: string
  pointsLost: number
}

export interface Scored {
  score: number
  probabilityBad: number
  /** the card that scored (its segment; 0 for a model of one card) */
  card: number
  /** each feature's bin: its label, its place among the feature's bins, its points */
  points: { feature: string; bin: string; index: number; points: number }[]
  reasons: Reason[]
}

/**
 * Segmented scorecards: one card per segment of a numeric column (segment k holds cuts[k-1] <= value <
 * cuts[k]; a missing value is in the first), all on the same points scale, so that scores compare
 * across segments. Credit bureaus segment where one additive card cannot hold an interaction (e.g.
 * accounts already in arrears behave differently from the rest).
 */
export interface SegmentedModel {
  format: 'fides-segmented-scorecard/1'
  name: string
  target: string
  seed: number | null
  development: ScorecardModel['development']
  scaling: ScorecardModel['scaling']
  auditOnly: string[]
  protectedAttributes: Record<string, string[]>
  protectedList: string
  segmentation: { column: string; cuts: number[] }
  segments: { label: string; model: ScorecardModel }[]
  outcome?: OutcomeCoding
}

export type Model = ScorecardModel | SegmentedModel

/** The cards of a model: one, or one per segment. */
export const cardsOf = (model: Model): ScorecardModel[] =>
  model.format === 'fides-segmented-scorecard/1' ? model.segments.map((s) => s.model) : [model]

/** The segment a value of the segmentation column falls in. */
export function segmentOf(cuts: readonly number[], raw: string | undefined): number {
  if (raw === undefined || isMissing(raw) || !Number.isFinite(Number(raw))) return 0
  const v = Number(raw)
  let k = 0
  while (k < cuts.length && v >= cuts[k]!) k++
  return k
}

const MIN_SEGMENT_ROWS = 500
const MIN_SEGMENT_BADS = 50

/** Fits one card per segment of `segment.column`, with the same options and points scale. */
export function fitSegmented(
  table: Table,
  options: FitOptions & { segment: { column: string; cuts: number[] } },
): SegmentedModel {
  const { column, cuts } = options.segment
  const at = table.columns.indexOf(column)
  if (at < 0) throw new ModelError('model.no_column', `no column ${column}`, [column])
  const resolved = resolveSpec(options.spec, table.columns, options.target, options.protectedList)
  if (Array.isArray(resolved)) throw ModelError.of(resolved)
  if (!Object.hasOwn(resolved.inputs, column)) {
    const isProtected = Object.hasOwn(resolved.protectedAttributes, column)
    throw new ModelError(
      isProtected ? 'model.protected_feature' : 'model.bad_mapping',
      `${column} may not segment the model: ${isProtected ? 'it holds a protected attribute' : 'it is not an input (mapped to a finance element)'}`,
      [column],
    )
  }
  if (cuts.length === 0 || cuts.some((c, i) => !Number.isFinite(c) || (i > 0 && c <= cuts[i - 1]!)))
    throw new ModelError('model.bad_segments', 'segment cuts must be ascending numbers')
  const targetAt = table.columns.indexOf(options.target)
  const segments = Array.from({ length: cuts.length + 1 }, (_, k) => {
    const label =
      k === 0
        ? `${column} < ${cuts[0]}`
        : k === cuts.length
          ? `${column} >= ${cuts[k - 1]}`
          : `${cuts[k - 1]} <= ${column} < ${cuts[k]}`
    const rows = table.rows.filter((r) => segmentOf(cuts, r[at]) === k)
    const bads = rows.filter((r) => r[targetAt] === '1').length
    if (rows.length < MIN_SEGMENT_ROWS || bads < MIN_SEGMENT_BADS || rows.length - bads < MIN_SEGMENT_BADS) {
      throw new ModelError(
        'model.segment_too_small',
        `segment ${label}: ${rows.length} rows, ${bads} bad; a segment needs ${MIN_SEGMENT_ROWS} rows and ${MIN_SEGMENT_BADS} of each outcome`,
        [column],
      )
    }
    return {
      label,
      model: fitScorecard(
        { columns: table.columns, rows },
        { ...options, name: `${options.name ?? 'scorecard'} [${label}]`, source: undefined },
      ),
    }
  })
  const first = segments[0]!.model
  let bads = 0
  for (const r of table.rows) if (r[targetAt] === '1') bads++
  const model: SegmentedModel = {
    format: 'fides-segmented-scorecard/1',
    name: options.name ?? 'scorecard',
    target: options.target,
    seed: options.seed ?? null,
    development: developmentOf(table.rows.length, bads, options.source),
    scaling: first.scaling,
    auditOnly: first.auditOnly,
    protectedAttributes: first.protectedAttributes,
    protectedList: first.protectedList,
    segmentation: { column, cuts: [...cuts] },
    segments,
    ...(options.spec.outcome ? { outcome: options.spec.outcome } : {}),
  }
  return withScoreDistribution(model, table)
}

/** A model made ready for scoring many rows: each feature's best points precomputed. */
export interface Scorer {
  model: Model
  score(get: (column: string) => string | undefined): Scored
}

export function scorer(model: Model): Scorer {
  if (model.format === 'fides-segmented-scorecard/1') {
    const cards = model.segments.map((s) => cardScorer(s.model))
    const { column, cuts } = model.segmentation
    return {
      model,
      score: (get) => {
        const card = segmentOf(cuts, get(column))
        return { ...cards[card]!.score(get), card }
      },
    }
  }
  return cardScorer(model)
}

function cardScorer(model: ScorecardModel): Scorer {
  const best = model.features.map((f) => Math.max(...f.bins.map((b) => b.points)))
  const typeOf = new Map(model.features.map((f) => [f.name, f.type]))
  const pairs = (model.pairs ?? []).map((pair) => ({
    ...pair,
    types: pair.features.map((name) => typeOf.get(name) ?? 'numeric') as [
      FeatureBinning['type'],
      FeatureBinning['type'],
    ],
    // the best cell a development row fell in (an empty cell scores 0 points)
    best: Math.max(...pair.points.flatMap((row, r) => row.filter((_, c) => pair.count[r]![c]! > 0)), -Infinity),
    rowBins: pair.rows.map((b) => ({ rule: b.rule, count: 0, bad: 0, woe: 0 })),
    columnBins: pair.columns.map((b) => ({ rule: b.rule, count: 0, bad: 0, woe: 0 })),
    inquiries: pair.features.some((name) => model.features.find((f) => f.name === name)?.inquiries),
  }))
  // (a model published before its inputs were elements has no inputs: it reads its columns as they come)
  const coded = new Set(
    Object.entries((model.inputs as Record<string, ModelInput> | undefined) ?? {})
      .filter(([, input]) => input.values !== undefined)
      .map(([c]) => c),
  )
  return {
    model,
    score(get) {
      const computed = new Map<string, string>()
      // a coded input is read as its element's code (a file's own codes translated)
      const value = (c: string) =>
        computed.get(c) ?? (coded.has(c) ? elementValue(model.inputs[c], get(c) ?? '') : (get(c) ?? ''))
      for (const d of model.derived) {
        const v = derive(d, value)
        computed.set(d.name, Number.isNaN(v) ? '' : String(r6(v)))
      }
      let score = model.basePoints
      const points: Scored['points'] = []
      const lost: (Reason & { order: number; inquiries: boolean })[] = []
      model.features.forEach((f, j) => {
        const raw = value(f.name)
        const index = binIndex(f, raw)
        const bin = f.bins[index]!
        score += bin.points
        points.push({ feature: f.name, bin: bin.label, index, points: bin.points })
        if (best[j]! - bin.points > 0)
          lost.push({
            code: f.reason.code,
            feature: f.name,
            text: f.reason.text,
            pointsLost: best[j]! - bin.points,
            order: j,
            inquiries: f.inquiries,
          })
      })
      // a pairwise term: one cell of its table, the row by the first feature's value, the column by the second's
      pairs.forEach((pair, k) => {
        const r = binIndex({ type: pair.types[0], bins: pair.rowBins }, value(pair.features[0]))
        const c = binIndex({ type: pair.types[1], bins: pair.columnBins }, value(pair.features[1]))
        const cell = pair.points[r]?.[c] ?? 0
        score += cell
        points.push({
          feature: `${pair.features[0]} × ${pair.features[1]}`,
          bin: `${pair.rows[r]?.label ?? ''} × ${pair.columns[c]?.label ?? ''}`,
          // the cell's place in its table, row by row (after every feature's bin: monitoring reads features by position)
          index: r * pair.columns.length + c,
          points: cell,
        })
        if (pair.best - cell > 0)
          lost.push({
            code: pair.reason.code,
            feature: `${pair.features[0]} × ${pair.features[1]}`,
            text: pair.reason.text,
            pointsLost: pair.best - cell,
            order: model.features.length + k,
            inquiries: pair.inquiries,
          })
      })
      lost.sort((a, b) => b.pointsLost - a.pointsLost || a.order - b.order)
      // the four reasons that cost the most points, and a fifth if inquiries cost points (FCRA 609(f)(1)(C))
      const reasons = lost.slice(0, 4)
      const inquiries = lost.slice(4).find((r) => r.inquiries)
      if (inquiries && !reasons.some((r) => r.inquiries)) reasons.push(inquiries)
      const probabilityBad = 1 / (1 + Math.exp((score - model.scaling.offset) / model.scaling.factor))
      return {
        score,
        probabilityBad,
        card: 0,
        points,
        reasons: reasons.map(({ code, feature, text, pointsLost }) => ({ code, feature, text, pointsLost })),
      }
    },
  }
}

/** Scores every row of a table (rows as the file has them). */
export function scoreTable(model: Model, table: Table): Float64Array {
  const s = scorer(model)
  const col = new Map(table.columns.map((c, i) => [c, i]))
  return Float64Array.from(
    table.rows,
    (row) =>
      s.score((c) => {
        const k = col.get(c)
        return k === undefined ? undefined : row[k]
      }).score,
  )
}
