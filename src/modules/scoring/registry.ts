/**
 * The model registry and the credit score of a person. An officer publishes a fitted model file for
 * a lending purpose; the file is checked again on the way in (shape, and every input a finance element
 * of the dictionary, never a protected attribute — a file can be edited by hand after fitting). Published models are public, bin by
 * bin. A relying party asks for a score of a person for a purpose it is registered for, with the
 * person's valid consent, sending the model's inputs and nothing else; the score, its reasons and the
 * text of an adverse-action notice come back, and the inquiry — with the score — is committed first,
 * so the person sees every score given about them.
 */
import { createHash, randomUUID } from 'node:crypto'
import type { Database } from '../../db/database.ts'
import { AppError, type FieldProblem as ProblemField } from '../../platform/app-error.ts'
import type { Actor } from '../../platform/audit.ts'
import { appendAuditEvents } from '../../platform/audit.ts'
import type { Clock } from '../../platform/clock.ts'
import { chinaDate } from '../../platform/calendar.ts'
import type { RelyingPartyPrincipal } from '../../platform/principal.ts'
import { canonicalJson } from '../../platform/crypto.ts'
import { findValidConsent, isPurpose, purposeRules, purposes } from '../access/index.ts'
import { assertNoForbiddenCategory, type LocalisedText } from '../catalogue/index.ts'
import {
  DERIVATIONS,
  featureElements,
  inputProblem,
  inputsOf,
  isProtectedAttribute,
  type Derivation,
  type ModelInput,
  type ProtectedList,
} from './features.ts'
import {
  CHARACTERISTICS_VERSION,
  characteristicElements,
  characteristicName,
  characteristicProblem,
  type Characteristic,
} from './characteristics.ts'
import { asCell, characteristicValues, readFileNow } from './from-file.ts'
import type { RecordsContext } from '../records/index.ts'
import { cardsOf, modelText, scorer, type Model, type Scorer } from './scorecard.ts'
import * as repo from './scoring.repository.ts'
import { givenScoreWriter } from './given-scores.ts'

export interface ScoringContext {
  database: Database
  clock: Clock
  protectedList: ProtectedList
}

export interface PublishedModel {
  modelId: string
  name: string
  version: number
  purpose: string
  status: 'published' | 'withdrawn'
  publishedAt: string
  withdrawnAt: string | null
  contentHash: string
  /** the inputs a relying party sends */
  inputs: string[]
  /** the element of a credit file each input holds (and its month, and the translation of a file's codes) */
  inputElements: Record<string, ModelInput>
  /** the columns computed from the person's credit file as of the scoring date, never sent */
  characteristics: Record<string, Characteristic & { name: LocalisedText; elements: string[] }>
  /** the officer's reasons for publishing it, and for withdrawing it */
  reasons: { published: string; withdrawn: string | null }
}

/** Purposes a score of a person may serve: those that open a person's repayment records (lending). */
export const scoringPurposes = purposes.filter(
  (p) => !purposeRules[p].subjectOnly && purposeRules[p].persons.has('finance'),
)

/** The columns a relying party sends: those a model reads (its cards' features that are not derived, the derivations' inputs, the segmenting column) but computes from the file. */
export function inputsOfModel(model: Model): string[] {
  const fromFile = characteristicsOfModel(model)
  const inputs = new Set<string>()
  if (model.format === 'fides-segmented-scorecard/1') inputs.add(model.segmentation.column)
  for (const card of cardsOf(model)) for (const c of columnsRead(card.derived, card.features)) inputs.add(c)
  return [...inputs].filter((c) => !Object.hasOwn(fromFile, c)).sort()
}

/** The columns a model computes from the person's records as of the scoring date, with their characteristic. */
export function characteristicsOfModel(model: Model): Record<string, Characteristic> {
  const out: Record<string, Characteristic> = {}
  for (const card of cardsOf(model)) Object.assign(out, card.characteristics ?? {})
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
}

/** The element each input column of a model holds (the first card's word, as every card maps the same file). */
export function elementsOfModel(model: Model): Record<string, ModelInput> {
  const out: Record<string, ModelInput> = {}
  for (const column of inputsOfModel(model)) {
    // a model published before its inputs were elements (dictionary 2026.3) has none to show
    const input = cardsOf(model)
      .map((c) => (c.inputs as Partial<Record<string, ModelInput>> | undefined)?.[column])
      .find((x) => x !== undefined)
    if (input) out[column] = input
  }
  return out
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

/** A problem of a model file: its shape, an input that is not a finance element, or a protected attribute used. */
export interface ModelFileProblem extends ProblemField {
  kind: 'shape' | 'input' | 'protected'
}

/** Problems of a model file, each with the JSON pointer at fault. */
export function checkModelFile(content: unknown, list: ProtectedList): ModelFileProblem[] {
  const problems: ModelFileProblem[] = []
  const at = (pointer: string, detail: string, kind: ModelFileProblem['kind'] = 'shape') =>
    problems.push({ pointer, detail, kind })
  if (!isObject(content)) return [{ pointer: '/model', detail: 'a model file (JSON object)', kind: 'shape' }]
  const checkCard = (card: unknown, base: string) => {
    if (!isObject(card) || card.format !== 'fides-scorecard/1') return at(base, 'a fides-scorecard/1 card')
    if (
      !isObject(card.scaling) ||
      !['factor', 'offset', 'baseScore', 'baseOdds', 'pdo'].every(
        (k) => typeof (card.scaling as Record<string, unknown>)[k] === 'number',
      )
    )
      at(`${base}/scaling`, 'factor, offset, baseScore, baseOdds and pdo as numbers')
    if (!Number.isInteger(card.basePoints)) at(`${base}/basePoints`, 'an integer')
    if (!Array.isArray(card.derived)) at(`${base}/derived`, 'an array (empty when nothing is derived)')
    else {
      card.derived.forEach((d: unknown, i: number) => {
        if (
          !isObject(d) ||
          typeof d.name !== 'string' ||
          !DERIVATIONS.includes(String(d.op)) ||
          !Array.isArray(d.columns) ||
          !d.columns.every((c) => typeof c === 'string')
        )
          at(`${base}/derived/${i}`, `a name, an operation (${DERIVATIONS.join(', ')}) and columns`)
      })
    }
    if (!Array.isArray(card.features) || card.features.length === 0)
      return at(`${base}/features`, 'at least one feature')
    card.features.forEach((f: unknown, i: number) => {
      const fp = `${base}/features/${i}`
      if (!isObject(f) || typeof f.name !== 'string') return at(fp, 'a feature with a name')
      if (f.type !== 'numeric' && f.type !== 'categorical') at(`${fp}/type`, 'numeric or categorical')
      if (!isObject(f.reason) || typeof f.reason.code !== 'string' || typeof f.reason.text !== 'string')
        at(`${fp}/reason`, 'a code and a text')
      if (!Array.isArray(f.bins) || f.bins.length === 0) return at(`${fp}/bins`, 'at least one bin')
      f.bins.forEach((b: unknown, k: number) => {
        if (
          !isObject(b) ||
          !Number.isInteger(b.points) ||
          typeof b.woe !== 'number' ||
          !isObject(b.rule) ||
          !['missing', 'special', 'range', 'categories', 'other'].includes(String(b.rule.kind))
        )
          at(`${fp}/bins/${k}`, 'a bin with a rule, a WOE and integer points')
      })
    })
    if (card.pairs !== undefined) checkPairs(card.pairs, card.features, `${base}/pairs`, at)
    if (!Array.isArray(card.auditOnly)) at(`${base}/auditOnly`, 'an array')
    if (typeof card.dictionary !== 'string')
      at(`${base}/dictionary`, 'the version of the data-element dictionary its inputs are read in')
    if (!isObject(card.inputs)) at(`${base}/inputs`, 'each input column with its element')
    if (card.characteristics !== undefined) {
      if (card.characteristicsVersion !== CHARACTERISTICS_VERSION)
        at(`${base}/characteristicsVersion`, `the list of characteristic kinds, ${CHARACTERISTICS_VERSION}`)
      if (!isObject(card.characteristics))
        at(`${base}/characteristics`, 'each column computed from the file with its characteristic')
      else
        for (const [column, c] of Object.entries(card.characteristics)) {
          const problem = characteristicProblem(c)
          if (problem !== undefined) at(`${base}/characteristics/${escapePointer(column)}`, problem, 'input')
          else if (isObject(card.inputs) && Object.hasOwn(card.inputs, column))
            at(`${base}/characteristics/${escapePointer(column)}`, `${column}: an input and a characteristic at once`)
        }
    }
  }
  if (content.format === 'fides-scorecard/1') checkCard(content, '/model')
  else if (content.format === 'fides-segmented-scorecard/1') {
    if (
      !isObject(content.segmentation) ||
      typeof content.segmentation.column !== 'string' ||
      !Array.isArray(content.segmentation.cuts)
    )
      at('/model/segmentation', 'a column and its cuts')
    if (!Array.isArray(content.segments) || content.segments.length < 2) at('/model/segments', 'at least two segments')
    else
      content.segments.forEach((s: unknown, i: number) =>
        checkCard(isObject(s) ? s.model : undefined, `/model/segments/${i}/model`),
      )
  } else at('/model/format', 'fides-scorecard/1 or fides-segmented-scorecard/1')
  if (typeof content.name !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/.test(content.name))
    at('/model/name', 'letters, digits, ".", "_" and "-", at most 100')
  if (problems.length > 0) return problems
  // the charter, again, however the file was made: every column read is a finance element, none a protected attribute
  const model = content as unknown as Model
  cardsOf(model).forEach((card, k) => {
    const base = model.format === 'fides-segmented-scorecard/1' ? `/model/segments/${k}/model` : '/model'
    for (const [column, input] of Object.entries(card.inputs)) {
      const problem = inputProblem(column, input, list)
      if (problem)
        at(
          `${base}/inputs/${escapePointer(column)}`,
          problem.message,
          problem.code === 'model.protected_feature' ? 'protected' : 'input',
        )
      else if (card.auditOnly.includes(column))
        at(
          `${base}/inputs/${escapePointer(column)}`,
          `${column}: audit-only (a protected attribute), never an input`,
          'protected',
        )
    }
    const read = [
      ...columnsRead(card.derived, card.features),
      ...(model.format === 'fides-segmented-scorecard/1' ? [model.segmentation.column] : []),
    ]
    for (const column of read) {
      if (Object.hasOwn(card.inputs, column) || Object.hasOwn(card.characteristics ?? {}, column)) continue
      if (card.auditOnly.includes(column) || isProtectedAttribute(column, list))
        at(base, `${column}: a protected attribute may not be an input`, 'protected')
      else at(base, `${column}: read by the model but not an input (a column mapped to a finance element)`, 'input')
    }
    card.features.forEach((f, i) => {
      const expected = featureElements(f.name, card.derived, card.inputs, card.characteristics)
      if (JSON.stringify(f.elements) !== JSON.stringify(expected))
        at(`${base}/features/${i}/elements`, `the elements ${f.name} rests on: ${JSON.stringify(expected)}`)
    })
  })
  return problems
}

const RULE_KINDS = ['missing', 'special', 'range', 'categories', 'other']

/** A boosted card's pairwise terms: two of its features each, and a table of integer points over their groups. */
function checkPairs(pairs: unknown, features: unknown[], base: string, at: (pointer: string, detail: string) => void) {
  if (!Array.isArray(pairs)) return at(base, 'an array of pairwise terms')
  const names = features.map((f) => (isObject(f) ? f.name : undefined))
  pairs.forEach((pair: unknown, i: number) => {
    const pp = `${base}/${i}`
    if (!isObject(pair)) return at(pp, 'a pairwise term')
    const f = pair.features
    if (!Array.isArray(f) || f.length !== 2 || f[0] === f[1] || !f.every((n) => names.includes(n)))
      at(`${pp}/features`, 'two different features of the card')
    if (!isObject(pair.reason) || typeof pair.reason.code !== 'string' || typeof pair.reason.text !== 'string')
      at(`${pp}/reason`, 'a code and a text')
    const axis = (key: 'rows' | 'columns') => {
      const bins = pair[key]
      if (
        !Array.isArray(bins) ||
        bins.length === 0 ||
        !bins.every((b) => isObject(b) && isObject(b.rule) && RULE_KINDS.includes(String(b.rule.kind)))
      ) {
        at(`${pp}/${key}`, 'at least one group with a rule')
        return -1
      }
      return bins.length
    }
    const nr = axis('rows')
    const nc = axis('columns')
    if (nr < 0 || nc < 0) return
    const table = (key: 'points' | 'count', integers: boolean) => {
      const t = pair[key]
      if (
        !Array.isArray(t) ||
        t.length !== nr ||
        !t.every(
          (row) =>
            Array.isArray(row) &&
            row.length === nc &&
            row.every((v) => (integers ? Number.isInteger(v) : typeof v === 'number' && v >= 0)),
        )
      )
        at(`${pp}/${key}`, `${nr} rows of ${nc} ${integers ? 'integer points' : 'counts'}, a cell per row and column`)
    }
    table('points', true)
    table('count', false)
  })
}

const escapePointer = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1')

/** The columns a card reads: its features that are not derived, and what its derivations read that is not derived. */
function columnsRead(
  derived: readonly Derivation[],
  features: readonly { name: string; derived: boolean }[],
): string[] {
  const names = new Set(derived.map((d) => d.name))
  const out = new Set<string>()
  for (const d of derived) for (const c of inputsOf(d)) if (!names.has(c)) out.add(c)
  for (const f of features) if (!f.derived) out.add(f.name)
  return [...out]
}

type Row = repo.ModelRow

const toPublished = (r: Row): PublishedModel => ({
  modelId: r.model_id,
  name: r.name,
  version: r.version,
  purpose: r.purpose,
  status: r.status,
  publishedAt: new Date(r.published_at).toISOString(),
  withdrawnAt: r.withdrawn_at === null ? null : new Date(r.withdrawn_at).toISOString(),
  contentHash: r.content_hash,
  inputs: inputsOfModel(r.content as unknown as Model),
  inputElements: elementsOfModel(r.content as unknown as Model),
  characteristics: Object.fromEntries(
    Object.entries(characteristicsOfModel(r.content as unknown as Model)).map(([c, k]) => [
      c,
      { ...k, name: characteristicName(k), elements: characteristicElements(k).map((e) => e.element) },
    ]),
  ),
  reasons: { published: r.published_reasons, withdrawn: r.withdrawn_reasons },
})

export async function publishModel(
  ctx: ScoringContext,
  actor: Actor,
  input: { purpose: string; model: unknown; reasons: string },
): Promise<PublishedModel> {
  if (!isPurpose(input.purpose) || !scoringPurposes.includes(input.purpose)) {
    throw new AppError(
      'model.purpose_not_for_scores',
      `a score of a person serves only ${scoringPurposes.join(' or ')}`,
      [{ pointer: '/purpose', detail: 'not a lending purpose' }],
    )
  }
  assertNoForbiddenCategory(input.reasons, '/reasons')
  const problems = checkModelFile(input.model, ctx.protectedList)
  if (problems.length > 0) {
    const fields = problems.map(({ pointer, detail }) => ({ pointer, detail }))
    if (problems.some((p) => p.kind === 'protected'))
      throw new AppError('model.protected_feature', 'the model uses a protected attribute as an input', fields)
    if (problems.some((p) => p.kind === 'input'))
      throw new AppError(
        'model.input_not_allowed',
        "a scorecard's inputs are finance elements of the data-element dictionary",
        fields,
      )
    throw new AppError('model.invalid', 'not a valid model file', fields)
  }
  const model = input.model as Model
  const text = modelText(model)
  const contentHash = createHash('sha256').update(canonicalJson(model)).digest('hex')
  const now = ctx.clock.now()
  const modelId = randomUUID()
  await ctx.database.transaction(async (tx) => {
    const version = (await repo.lastVersion(tx, model.name)) + 1
    await repo.insertModel(tx, {
      model_id: modelId,
      name: model.name,
      version,
      purpose: input.purpose,
      content: text,
      content_hash: contentHash,
      status: 'published',
      published_at: now,
      published_by: actor.id,
      published_reasons: input.reasons,
    })
    await appendAuditEvents(tx, now, [
      {
        action: 'model.published',
        actor,
        subjectId: null,
        objectType: 'score_model',
        objectId: modelId,
        payload: { modelId, name: model.name, version, purpose: input.purpose, contentHash },
      },
    ])
  })
  return (await getModel(ctx, modelId))!.summary
}

export async function withdrawModel(
  ctx: ScoringContext,
  actor: Actor,
  modelId: string,
  reasons: string,
): Promise<PublishedModel> {
  assertNoForbiddenCategory(reasons, '/reasons')
  const now = ctx.clock.now()
  await ctx.database.transaction(async (tx) => {
    const row = await repo.lockModel(tx, modelId)
    if (!row) throw new AppError('model.not_found', 'no such model', [{ pointer: '/modelId', detail: 'unknown' }])
    if (row.status === 'withdrawn')
      throw new AppError('model.already_withdrawn', 'the model is already withdrawn', [
        { pointer: '/modelId', detail: 'withdrawn' },
      ])
    await repo.withdraw(tx, modelId, now, reasons)
    await appendAuditEvents(tx, now, [
      {
        action: 'model.withdrawn',
        actor,
        subjectId: null,
        objectType: 'score_model',
        objectId: modelId,
        payload: { modelId, name: row.name, version: row.version },
      },
    ])
  })
  scorers.delete(modelId)
  return (await getModel(ctx, modelId))!.summary
}

export async function listModels(ctx: ScoringContext): Promise<PublishedModel[]> {
  return (await repo.listModelRows(ctx.database.db)).map(toPublished)
}

export async function getModel(
  ctx: ScoringContext,
  modelId: string,
): Promise<{ summary: PublishedModel; model: Model } | undefined> {
  const row = await repo.findModelRow(ctx.database.db, modelId)
  return row ? { summary: toPublished(row), model: row.content as unknown as Model } : undefined
}

const scorers = new Map<string, Scorer>()

/** Bands by the odds the score stands for (probability of a bad outcome), the same for every model. */
const BANDS = [
  { code: 'A', below: 0.02, name: 'very low risk' },
  { code: 'B', below: 0.05, name: 'low risk' },
  { code: 'C', below: 0.1, name: 'moderate risk' },
  { code: 'D', below: 0.2, name: 'high risk' },
  { code: 'E', below: Infinity, name: 'very high risk' },
] as const

export interface ScoreResult {
  subjectId: string
  scoredAt: string
  model: { modelId: string; name: string; version: number }
  score: number
  band: { code: string; name: string; probabilityBad: number }
  reasons: { code: string; text: string; pointsLost: number }[]
  /** the values the score used: each characteristic computed from the file as of now, each input the lender sent */
  values: Record<string, number | string | null>
  adverseActionNotice: string
}

/** A relying party's credit score of a person, for a lending purpose, with the person's consent. */
export async function scorePerson(
  ctx: ScoringContext & RecordsContext,
  party: RelyingPartyPrincipal,
  actor: Actor,
  input: { subjectId: string; purpose: string; model?: string; features?: Record<string, unknown> },
): Promise<ScoreResult> {
  const features = input.features ?? {}
  if (!isPurpose(input.purpose) || !scoringPurposes.includes(input.purpose)) {
    throw new AppError(
      'score.purpose_not_for_scores',
      `a score of a person serves only ${scoringPurposes.join(' or ')}`,
      [{ pointer: '/purpose', detail: 'not a lending purpose' }],
    )
  }
  if (!party.purposes.has(input.purpose))
    throw new AppError(
      'access.purpose_not_registered',
      `${party.name} is not registered for the purpose ${input.purpose}`,
      [{ pointer: '/purpose', detail: 'not registered for this relying party' }],
    )
  const row = await repo.latestPublished(ctx.database.db, input.purpose, input.model)
  if (!row)
    throw new AppError(
      'score.no_model',
      `no published model for ${input.purpose}${input.model ? ` named ${input.model}` : ''}`,
      [{ pointer: input.model ? '/model' : '/purpose', detail: 'no published model' }],
    )
  const model = row.content as unknown as Model
  // the model's inputs and nothing else: no protected characteristic even reaches the platform, and what the file
  // holds is read from it, never taken from the lender
  const inputs = new Set(inputsOfModel(model))
  const fromFile = characteristicsOfModel(model)
  const auditOnly = new Set(cardsOf(model).flatMap((c) => c.auditOnly))
  const fields: ProblemField[] = []
  for (const [k, v] of Object.entries(features)) {
    if (Object.hasOwn(fromFile, k))
      fields.push({ pointer: `/features/${k}`, detail: 'computed from the credit file: never sent' })
    else if (auditOnly.has(k) || isProtectedAttribute(k, ctx.protectedList))
      fields.push({ pointer: `/features/${k}`, detail: 'a protected attribute: never sent, never used' })
    else if (!inputs.has(k))
      fields.push({ pointer: `/features/${k}`, detail: `not an input of ${row.name} v${row.version}` })
    else if (v !== null && typeof v !== 'string' && typeof v !== 'number')
      fields.push({ pointer: `/features/${k}`, detail: 'a string, a number or null (missing)' })
  }
  for (const k of inputs)
    if (!(k in features)) fields.push({ pointer: `/features/${k}`, detail: 'required (null if not known)' })
  if (fields.length > 0)
    throw new AppError(
      fields.some((f) => f.detail.startsWith('a protected'))
        ? 'score.protected_feature'
        : fields.some((f) => f.detail.startsWith('computed from'))
          ? 'score.feature_from_file'
          : 'score.bad_features',
      `the features must be exactly the inputs of ${row.name} v${row.version}: ${[...inputs].join(', ')}`,
      fields,
    )
  const now = ctx.clock.now()
  const consent = await findValidConsent(ctx.database, input.subjectId, party.relyingPartyId, input.purpose, now)
  if (!consent)
    throw new AppError(
      'access.consent_required',
      "a score of a person needs the person's valid consent to this relying party for this purpose",
      [{ pointer: '/purpose', detail: 'no valid consent' }],
    )
  let s = scorers.get(row.model_id)
  if (!s) scorers.set(row.model_id, (s = scorer(model)))
  const values: Record<string, number | string | null> = {}
  for (const k of inputs) values[k] = (features[k] as string | number | null | undefined) ?? null
  if (Object.keys(fromFile).length > 0)
    Object.assign(values, characteristicValues(fromFile, await readFileNow(ctx, input.subjectId, input.purpose)))
  const scored = s.score((c) => asCell(values[c]))
  const band = BANDS.find((b) => scored.probabilityBad < b.below)!
  // committed before the answer leaves: no score goes unseen by the person
  // the inquiry and the score's row for the model's monitoring, in one transaction
  await givenScoreWriter(ctx.database).submit({
    at: now,
    subjectId: input.subjectId,
    modelId: row.model_id,
    scored,
    event: {
      action: 'score.made',
      actor,
      subjectId: input.subjectId,
      objectType: 'subject',
      objectId: input.subjectId,
      payload: {
        relyingParty: party.name,
        relyingPartyName: party.displayName,
        purpose: input.purpose,
        consentId: consent.consentId,
        modelId: row.model_id,
        model: row.name,
        version: row.version,
        score: scored.score,
        band: band.code,
        reasons: scored.reasons.map((r) => r.code),
        reasonFeatures: scored.reasons.map((r) => r.feature),
        reasonPoints: scored.reasons.map((r) => r.pointsLost),
        values,
      },
    },
  })
  const reasons = scored.reasons.map((r) => ({ code: r.code, text: r.text, pointsLost: r.pointsLost }))
  return {
    subjectId: input.subjectId,
    scoredAt: now.toISOString(),
    model: { modelId: row.model_id, name: row.name, version: row.version },
    score: scored.score,
    band: { code: band.code, name: band.name, probabilityBad: +scored.probabilityBad.toFixed(4) },
    reasons,
    values,
    adverseActionNotice: adverseActionNotice({
      party: party.displayName,
      purpose: input.purpose,
      date: chinaDate(now),
      score: scored.score,
      band: band.name,
      reasons,
      model: `${row.name} version ${row.version}`,
      modelId: row.model_id,
    }),
  }
}

/**
 * The text a lender gives an applicant it turns down or offers worse terms on the strength of the
 * score (ECOA/Regulation B § 1002.9, FCRA § 615): the score, the principal reasons, where the model
 * is published, and the applicant's rights here.
 */
export function adverseActionNotice(n: {
  party: string
  purpose: string
  date: string
  score: number
  band: string
  reasons: { text: string }[]
  model: string
  modelId: string
}): string {
  const purpose = isPurpose(n.purpose) ? purposeRules[n.purpose].name.en : n.purpose
  return [
    `On ${n.date} ${n.party} obtained a credit score about you from Fides for a ${purpose}: ${n.score} (${n.band}).`,
    n.reasons.length > 0
      ? `The main reasons your score was not higher:\n${n.reasons.map((r, i) => `  ${i + 1}. ${r.text}`).join('\n')}`
      : 'No feature lowered your score.',
    `The score was computed by the published model ${n.model}; every point it gives is public at /v1/models/${n.modelId}.`,
    `A score does not decide on its own: ${n.party} must have a person consider your application, and tell you if the decision goes against you. You may ask them to reconsider with facts the score cannot see.`,
    'You may see, free of charge, everything Fides holds about you and everyone who obtained it (including this score), object to any record you believe is wrong, and have it corrected. Age, sex, marital status, nationality, religion and race are never used.',
  ].join('\n\n')
}
