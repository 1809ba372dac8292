// `fides model`: scorecards of individuals, fitted and reported on without a database; development samples built from it.
import { parseArgs } from 'node:util'
import { writeFile } from 'node:fs/promises'
import { systemClock } from '../../platform/clock.ts'
import { isCalendarDate } from '../../platform/calendar.ts'
import { toCsvRow } from '../../platform/parsers/index.ts'
import {
  buildSample,
  sampleCharacteristics,
  binFeatures,
  binningTable,
  binningText,
  cardsOf,
  fitScorecard,
  fitSegmented,
  fitTuned,
  loadProtectedList,
  ModelError,
  modelText,
  outcomeProblems,
  readBytes,
  readTable,
  fileProblem,
  reportHtml,
  validate,
  withOutcome,
  type FitOptions,
  type Model,
  type ModelSpec,
} from '../../modules/scoring/index.ts'
import { UsageError, withContext } from '../context.ts'

async function modelFit(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      target: { type: 'string' },
      'audit-only': { type: 'string' },
      exclude: { type: 'string' },
      spec: { type: 'string' },
      name: { type: 'string' },
      out: { type: 'string' },
      seed: { type: 'string' },
      'min-iv': { type: 'string' },
      l2: { type: 'string' },
      ...BINNING_FLAGS,
      'base-score': { type: 'string' },
      'base-odds': { type: 'string' },
      pdo: { type: 'string' },
      segment: { type: 'string' },
      tune: { type: 'boolean' },
      method: { type: 'string' },
      protected: { type: 'string' },
    },
  })
  if (positionals.length !== 1 || !values.target || !values.spec)
    throw new UsageError('fides model fit DATA.csv --target COLUMN --spec FILE')
  if (values['audit-only'] !== undefined || values.exclude !== undefined) {
    throw new UsageError(
      '--audit-only and --exclude are gone: the spec maps every column, { "protected": ATTRIBUTE } for audit-only, { "ignored": WHY } for a column not read (docs/scoring.md)',
    )
  }
  const file = positionals[0]!
  let segment: { column: string; cuts: number[] } | undefined
  if (values.segment !== undefined) {
    const m = /^([^:]+):(.+)$/.exec(values.segment)
    const cuts = m ? m[2]!.split(',').map(Number) : []
    if (!m || cuts.some((c) => !Number.isFinite(c)))
      throw new UsageError(`--segment is COLUMN:CUT[,CUT...], e.g. PAY_0:0,2; got "${values.segment}"`)
    segment = { column: m[1]!, cuts }
  }
  if (values.method !== undefined && values.method !== 'classic' && values.method !== 'boosted')
    throw new UsageError(`--method is classic or boosted, got "${values.method}"`)
  if (values.method === 'boosted' && (values.tune || segment))
    throw new UsageError('--method boosted fits its shapes by itself: no --tune, no --segment')
  const started = performance.now()
  const spec = (await readJson(values.spec, 'the spec')) as ModelSpec
  const options: FitOptions = {
    target: values.target,
    spec,
    name: values.name ?? file.replace(/^.*\//, '').replace(/\.csv$/i, ''),
    protectedList: protectedList(values.protected),
    source: await readBytes(file, 'the data'),
    seed: number('seed', values.seed),
    minIv: number('min-iv', values['min-iv']),
    l2: number('l2', values.l2),
    ...binningOptions(values),
    baseScore: number('base-score', values['base-score']),
    baseOdds: number('base-odds', values['base-odds']),
    pdo: number('pdo', values.pdo),
    ...(values.method === 'boosted' ? { method: 'boosted' as const } : {}),
  }
  const outcome = isObject(spec) ? outcomeProblems(spec.outcome) : []
  if (outcome.length > 0) throw new ModelError('model.bad_spec', `${values.spec}: ${outcome.join('; ')}`)
  const table = withOutcome(await readTable(file), values.target, isObject(spec) ? spec.outcome : undefined)
  const tuned = values.tune ? fitTuned(table, { ...options, ...(segment ? { segment } : {}) }) : undefined
  const model: Model = tuned ?? (segment ? fitSegmented(table, { ...options, segment }) : fitScorecard(table, options))
  if (tuned)
    process.stdout.write(
      `merge threshold by ${tuned.tuning.folds}-fold CV: ${tuned.tuning.auc.map((a) => `${a.value} → AUC ${a.auc.toFixed(4)}`).join(', ')}; chosen ${tuned.tuning.chosen}\n`,
    )
  const out = values.out ?? `${model.name}.model.json`
  await writeFile(out, modelText(model))
  for (const card of cardsOf(model)) {
    process.stdout.write(
      `${card.name}: ${card.features.length} features (${card.features.map((f) => `${f.name} IV ${f.iv.toFixed(3)}`).join(', ')}); left out: ${card.excluded.map((e) => `${e.name} (${e.reason.replace('_', ' ')})`).join(', ') || 'none'}${card.fit ? `; the regression converged in ${card.fit.iterations} iterations (deviance ${card.fit.deviance.toFixed(4)} a row)` : ''}${card.boosting ? `; boosted shapes, ${card.boosting.bags} bags of ${card.boosting.rounds.join(', ')} rounds` : ''}\n`,
    )
  }
  process.stdout.write(
    `${out}: ${model.development.rows} rows in ${((performance.now() - started) / 1000).toFixed(1)} s\n`,
  )
  return 0
}

/** The binning's flags, shared by `fit` and `bins`. */
const BINNING_FLAGS = {
  'min-share': { type: 'string' },
  'max-share': { type: 'string' },
  'min-bads': { type: 'string' },
  'min-goods': { type: 'string' },
  'max-bins': { type: 'string' },
} as const

const number = (flag: string, v: string | undefined) => {
  if (v === undefined) return undefined
  const n = Number(v)
  if (!Number.isFinite(n)) throw new UsageError(`--${flag} must be a number, got "${v}"`)
  return n
}

function binningOptions(values: Partial<Record<keyof typeof BINNING_FLAGS, string>>) {
  return {
    minShare: number('min-share', values['min-share']),
    maxShare: number('max-share', values['max-share']),
    minBads: number('min-bads', values['min-bads']),
    minGoods: number('min-goods', values['min-goods']),
    maxBins: number('max-bins', values['max-bins']),
  }
}

/** `fides model bins DATA.csv --target COLUMN --spec FILE`: every candidate feature's binning table, before any is left out for its IV or sign. */
async function modelBins(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { target: { type: 'string' }, spec: { type: 'string' }, protected: { type: 'string' }, ...BINNING_FLAGS },
  })
  if (positionals.length !== 1 || !values.target || !values.spec)
    throw new UsageError('fides model bins DATA.csv --target COLUMN --spec FILE [--min-share S] [--min-bads N] ...')
  const file = positionals[0]!
  const spec = (await readJson(values.spec, 'the spec')) as ModelSpec
  const outcome = isObject(spec) ? outcomeProblems(spec.outcome) : []
  if (outcome.length > 0) throw new ModelError('model.bad_spec', `${values.spec}: ${outcome.join('; ')}`)
  const table = withOutcome(await readTable(file), values.target, isObject(spec) ? spec.outcome : undefined)
  const prepared = binFeatures(table, {
    target: values.target,
    spec,
    protectedList: protectedList(values.protected),
    ...binningOptions(values),
  })
  for (const b of prepared.binned)
    process.stdout.write(
      `${binningText(b.name, binningTable(b.binning.bins), `${b.binning.type}, trend ${b.binning.trend}`)}
`,
    )
  const left = prepared.excluded.filter((e) => e.reason !== 'audit_only' && e.reason !== 'ignored')
  if (left.length > 0)
    process.stdout.write(`not binned: ${left.map((e) => `${e.name} (${e.reason.replace('_', ' ')})`).join(', ')}
`)
  return 0
}

async function modelReport(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      data: { type: 'string' },
      compare: { type: 'string' },
      cutoff: { type: 'string' },
      out: { type: 'string' },
    },
  })
  if (positionals.length !== 1 || !values.data)
    throw new UsageError(
      'fides model report MODEL.json --data SAMPLE.csv [--compare OTHER.csv] [--cutoff SCORE] [--out REPORT.html]',
    )
  const model = (await readJson(positionals[0]!, 'the model')) as Model
  if (!isObject(model) || (model.format !== 'fides-scorecard/1' && model.format !== 'fides-segmented-scorecard/1'))
    throw new ModelError('model.bad_file', `${positionals[0]}: not a fides scorecard model file`)
  const cutoff = values.cutoff === undefined ? undefined : Number(values.cutoff)
  if (cutoff !== undefined && !Number.isFinite(cutoff))
    throw new UsageError(`--cutoff must be a score, got "${values.cutoff}"`)
  const report = validate(model, await readTable(values.data), {
    compare: values.compare ? await readTable(values.compare) : undefined,
    cutoff,
  })
  const out = values.out ?? `${model.name}.report.html`
  await writeFile(out, reportHtml(model, report))
  const flagged = report.adverseImpact.flatMap((a) =>
    a.groups.filter((g) => g.flagged).map((g) => `${a.column}=${g.group} (${(g.ratio ?? 0).toFixed(2)})`),
  )
  process.stdout.write(
    `${out}: AUC ${report.auc.toFixed(3)} (95 % interval ${report.aucInterval.low.toFixed(3)}-${report.aucInterval.high.toFixed(3)}, DeLong), Brier ${report.brier.toFixed(4)}, Gini ${report.gini.toFixed(3)}, KS ${report.ks.toFixed(3)}${report.stability ? `, PSI ${report.stability.psi.toFixed(3)}` : ''}; adverse impact at cut-off ${report.cutoff}: ${flagged.length > 0 ? `below 0.8 for ${flagged.join(', ')}` : 'no group below 0.8'}\n`,
  )
  return 0
}

const DEFAULT_SAMPLE_SPEC = new URL('../../../catalogue/scorecards/from-file.spec.json', import.meta.url).pathname

/**
 * `fides model sample --as-of DATE --outcome-months N [--model-or-spec FILE] --out FILE.csv`: a development sample
 * from the store, point in time (docs/scoring.md): the characteristics as known on DATE, the outcome from what followed.
 */
async function modelSample(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      'as-of': { type: 'string' },
      'outcome-months': { type: 'string' },
      'model-or-spec': { type: 'string' },
      out: { type: 'string' },
    },
  })
  const usage = 'fides model sample --as-of YYYY-MM-DD --outcome-months N [--model-or-spec FILE] --out FILE.csv'
  const asOf = values['as-of']
  const months = Number(values['outcome-months'])
  if (
    asOf === undefined ||
    !/^\d{4}-\d{2}-\d{2}$/.test(asOf) ||
    !isCalendarDate(Number(asOf.slice(0, 4)), Number(asOf.slice(5, 7)), Number(asOf.slice(8, 10)))
  )
    throw new UsageError(`--as-of is a date (YYYY-MM-DD): ${usage}`)
  if (!Number.isInteger(months) || months < 1 || months > 24)
    throw new UsageError(`--outcome-months is a whole number of months, 1 to 24: ${usage}`)
  if (!values.out) throw new UsageError(`--out is required: ${usage}`)
  const path = values['model-or-spec'] ?? DEFAULT_SAMPLE_SPEC
  const characteristics = sampleCharacteristics(await readJson(path, 'the model or spec'), path)
  const sample = await withContext(({ database }) =>
    buildSample(database.db, systemClock.now(), { asOf, outcomeMonths: months, characteristics }),
  )
  await writeFile(values.out, [sample.columns, ...sample.rows].map((r) => toCsvRow(r)).join(''))
  const bads = sample.rows.filter((r) => r[r.length - 1] === '1').length
  process.stdout.write(
    `${values.out}: ${sample.rows.length} persons as of ${asOf}, ${bads} bad within ${months} months; fit it with fides model fit ${values.out} --target bad --spec ${path}\n`,
  )
  return 0
}

/** `fides model fit`, `bins`, `report` and `sample`; a refusal is one line naming the file, column or key (exit 1). */
export async function modelCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args
  const commands: Record<string, (a: string[]) => Promise<number>> = {
    fit: modelFit,
    bins: modelBins,
    report: modelReport,
    sample: modelSample,
  }
  const command = sub !== undefined && Object.hasOwn(commands, sub) ? commands[sub] : undefined
  if (!command) throw new UsageError(`unknown: model ${sub ?? ''}`)
  try {
    return await command(rest)
  } catch (error) {
    if (!(error instanceof ModelError)) throw error
    process.stderr.write(`fides: ${error.code}: ${error.message}\n`)
    return 1
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

/** A JSON file the command reads, or a refusal naming it: missing, unreadable or not JSON (with where). */
async function readJson(path: string, what: string): Promise<unknown> {
  const text = (await readBytes(path, what)).toString('utf8')
  try {
    return JSON.parse(text) as unknown
  } catch (error) {
    throw new ModelError('model.bad_file', `${path}: ${what} is not JSON (${(error as Error).message})`)
  }
}

/** The protected list, or a refusal naming its file. */
function protectedList(path: string | undefined) {
  try {
    return path === undefined ? loadProtectedList() : loadProtectedList(path)
  } catch (error) {
    const message = (error as Error).message
    throw new ModelError(
      'model.bad_file',
      (error as NodeJS.ErrnoException).code
        ? `${path}: cannot read the protected list (${fileProblem(error)})`
        : message,
    )
  }
}
