/**
 * Rating organisations: a pass over a scope of subjects (a range of subject ids, or a list) reads
 * their current record versions and the objections against them, rates each with the engine, and
 * writes the ratings that changed with one rating.changed event each, in one transaction per scope.
 * `recomputeAll` walks the whole id space in ranges (the same on one node and on a Citus cluster, and
 * memory stays flat); `rerateChanged` follows the audit trail — the records, objections, take-downs
 * and erasures since its cursor — and re-rates the organisations they touched. Both are idempotent:
 * an unchanged rating is not written again.
 */
import type { Database, Tx } from '../../db/database.ts'
import {
  appendAuditEvents,
  settledEnd,
  settledEventsAfter,
  type Actor,
  type AuditAction,
  type AuditEvent,
} from '../../platform/audit.ts'
import { chinaDate } from '../../platform/calendar.ts'
import { canonicalJson } from '../../platform/crypto.ts'
import { idRanges, prefixDigitsFor, type IdScope } from '../../platform/id-ranges.ts'
import type { Clock } from '../../platform/clock.ts'
import { AppError } from '../../platform/app-error.ts'
import { standingOf } from '../access/index.ts'
import type { ActiveCatalogue } from '../catalogue/index.ts'
import { recordObjectionsIn } from '../objections/index.ts'
import { currentVersionsIn } from '../records/index.ts'
import { countSubjectsOfTypes, subjectsOfTypesIn } from '../subjects/index.ts'
import { ratingEngine, type Rating, type RatedRecord, type RatingEngine } from './engine.ts'
import type { RatingModel } from './model.ts'
import * as repo from './ratings.repository.ts'

export interface RatingsContext {
  database: Database
  clock: Clock
  catalogue: ActiveCatalogue
  rating: { model: RatingModel; engine: RatingEngine }
}

export const ratingContextOf = (model: RatingModel): RatingsContext['rating'] => ({
  model,
  engine: ratingEngine(model),
})

const SYSTEM: Actor = { type: 'system', id: 'fides-ratings' }

/** What changes a rating: a record stored, versioned, taken down, ended early or erased; an objection's steps. */
const CHANGES: readonly AuditAction[] = [
  'record.accepted',
  'record.versioned',
  'record.taken_down',
  'record.erased',
  'record.publication_ended',
  'objection.filed',
  'objection.answered',
  'objection.decided',
  'objection.overdue',
  'objection.lapsed',
]

/** A range of subject ids (`to` null: to the end), or a list of them. */
type Scope = IdScope

interface StoredRating {
  score: number
  grade: string
  reasons: Rating['reasons']
}

/** `failed`: organisations whose rating could not be computed (kept as they were, counted, and rated again by the next pass). */
export interface PassReport {
  subjects: number
  changed: number
  failed: number
}

/** Rates every organisation of the model's types in `scope` and writes what changed. */
async function ratePass(ctx: RatingsContext, tx: Tx, scope: Scope, today: string, now: Date): Promise<PassReport> {
  const { model, engine } = ctx.rating
  const subjects = await subjectsOfTypesIn(tx.db, scope, model.appliesTo)
  if (subjects.length === 0) return { subjects: 0, changed: 0, failed: 0 }
  const versions = await currentVersionsIn(tx.db, scope)
  const objections = await recordObjectionsIn(tx.db, scope)
  const previous = new Map(
    (await repo.ratingsIn(tx.db, scope, model.code)).map((r) => [
      r.subject_id,
      { score: Number(r.score), grade: r.grade, reasons: r.reasons } satisfies StoredRating,
    ]),
  )
  const open = new Map<string, string>()
  const withdrawnThrough = new Map<string, number>()
  for (const o of objections) {
    if (o.status === 'open' || o.status === 'escalated') open.set(o.target_id, o.due_on)
    else if (o.answered_version !== null)
      withdrawnThrough.set(o.target_id, Math.max(withdrawnThrough.get(o.target_id) ?? 0, o.answered_version))
  }
  const bySubject = new Map<string, { firstKnownOn: string; records: RatedRecord[] }>()
  for (const s of subjects) bySubject.set(s.subject_id, { firstKnownOn: s.created_on, records: [] })
  for (const v of versions) {
    const subject = bySubject.get(v.subject_id)
    const kind = ctx.catalogue.kinds.get(v.kind_code)
    if (!subject || !kind) continue
    if (v.decided_on < subject.firstKnownOn) subject.firstKnownOn = v.decided_on
    const dueOn = open.get(v.record_id)
    const standing = standingOf(
      {
        kind,
        decidedOn: v.decided_on,
        conductEndedOn: v.conduct_ended_on,
        lifecycle: {
          erased: v.erased,
          withdrawn: v.version <= (withdrawnThrough.get(v.record_id) ?? 0),
          objection: dueOn ? { dueOn } : null,
        },
      },
      today,
    )
    subject.records.push({
      recordId: v.record_id,
      kind: v.kind_code,
      decidedOn: v.decided_on,
      inForce: standing === 'current' && !v.taken_down,
    })
  }
  const changed: { subjectId: string; rating: Rating; previousGrade: string | null }[] = []
  let failed = 0
  for (const [subjectId, facts] of bySubject) {
    // one organisation's failure never stops the others: its rating stays as it was, and the next pass tries again
    let rating: Rating
    try {
      rating = engine.rate(facts, today)
    } catch {
      failed++
      continue
    }
    const before = previous.get(subjectId)
    if (
      before &&
      before.score === rating.score &&
      before.grade === rating.grade &&
      canonicalJson(before.reasons) === canonicalJson(rating.reasons)
    )
      continue
    changed.push({ subjectId, rating, previousGrade: before?.grade ?? null })
  }
  if (changed.length > 0) {
    // new ratings go in by COPY (a first pass writes one for every organisation), changed ones as upserts
    const row = ({ subjectId, rating }: (typeof changed)[number]): repo.RatingRow => ({
      subject_id: subjectId,
      model_code: model.code,
      model_version: model.version,
      rated_on: today,
      rated_at: now,
      score: rating.score,
      grade: rating.grade,
      tier: rating.inspection.tier,
      reasons: JSON.stringify(rating.reasons),
    })
    const fresh = changed.filter((c) => c.previousGrade === null)
    const updated = changed.filter((c) => c.previousGrade !== null)
    if (fresh.length > 0) await repo.copyRatings(tx, fresh.map(row))
    await repo.upsertRatings(tx, updated.map(row))
    await appendAuditEvents(
      tx,
      now,
      changed.map(
        ({ subjectId, rating, previousGrade }): AuditEvent => ({
          action: 'rating.changed',
          actor: SYSTEM,
          subjectId,
          objectType: 'rating',
          objectId: `${model.code}/${subjectId}`,
          payload: {
            model: model.code,
            modelVersion: model.version,
            score: rating.score,
            grade: rating.grade,
            previousGrade,
            reasons: rating.reasons.map((r) => `${r.component} ${r.points}`),
          },
        }),
      ),
    )
  }
  return { subjects: bySubject.size, changed: changed.length, failed }
}

const lockState = (ctx: RatingsContext, tx: Tx) => repo.lockState(tx, ctx.rating.model.code)

/**
 * Re-rates every organisation, one range of ids per transaction (`onProgress` after each), and records
 * the day of the pass. Ratings already right are left alone.
 */
export async function recomputeAll(
  ctx: RatingsContext,
  options: { onProgress?: (done: number, total: number, report: PassReport) => void } = {},
): Promise<PassReport & { seconds: number }> {
  const started = performance.now()
  const now = ctx.clock.now()
  const today = chinaDate(now)
  // the change feed resumes from here: what happens during the pass is re-rated by the next tick
  await ctx.database.transaction(async (tx) => {
    await lockState(ctx, tx)
    const end = await settledEnd(tx.db)
    if (end) await repo.setCursor(tx.db, ctx.rating.model.code, end)
  })
  const count = await countSubjectsOfTypes(ctx.database.db, ctx.rating.model.appliesTo)
  // about 4,000 organisations a range
  const all = idRanges(prefixDigitsFor(count, 4000))
  const total: PassReport = { subjects: 0, changed: 0, failed: 0 }
  // PostgreSQL: two ranges at a time, so that rating in Node and writing in the database overlap
  // (PGlite has one connection)
  const lanes = ctx.database.engine === 'postgres' && all.length > 1 ? 2 : 1
  let next = 0
  let done = 0
  await Promise.all(
    Array.from({ length: lanes }, async () => {
      while (next < all.length) {
        const range = all[next++]!
        const r = await ctx.database.transaction((tx) => ratePass(ctx, tx, range, today, now))
        total.subjects += r.subjects
        total.changed += r.changed
        total.failed += r.failed
        options.onProgress?.(++done, all.length, total)
      }
    }),
  )
  await repo.setFullPassOn(ctx.database.db, ctx.rating.model.code, today)
  return { ...total, seconds: (performance.now() - started) / 1000 }
}

/** Re-rates the organisations whose records or objections changed since the last call. */
export async function rerateChanged(ctx: RatingsContext, options: { batch?: number } = {}): Promise<PassReport> {
  const batch = options.batch ?? 5000
  const total: PassReport = { subjects: 0, changed: 0, failed: 0 }
  for (;;) {
    const r = await ctx.database.transaction(async (tx) => {
      const state = await lockState(ctx, tx)
      const events = await settledEventsAfter(tx.db, { xid: state.cursor_xid, seq: state.cursor_seq }, batch)
      if (events.length === 0) return null
      const ids = [
        ...new Set(
          events
            .filter((e) => e.subject_id !== null && (CHANGES as readonly string[]).includes(e.action))
            .map((e) => e.subject_id!),
        ),
      ]
      const pass =
        ids.length > 0
          ? await ratePass(ctx, tx, { ids }, chinaDate(ctx.clock.now()), ctx.clock.now())
          : { subjects: 0, changed: 0, failed: 0 }
      const last = events[events.length - 1]!
      await repo.setCursor(tx.db, ctx.rating.model.code, last)
      return { pass, more: events.length === batch }
    })
    if (!r) break
    total.subjects += r.pass.subjects
    total.changed += r.pass.changed
    total.failed += r.pass.failed
    if (!r.more) break
  }
  return total
}

/** One tick of the server's rating worker: a full pass once a day (points fade), else the changes. */
export async function ratingTick(ctx: RatingsContext): Promise<PassReport> {
  const state = await ctx.database.transaction((tx) => lockState(ctx, tx))
  if (state.full_pass_on !== chinaDate(ctx.clock.now())) return recomputeAll(ctx)
  return rerateChanged(ctx)
}

export interface StoredRatingView {
  subjectId: string
  model: { code: string; version: string; name: { zh: string; en: string } }
  ratedOn: string
  score: number
  grade: string
  inspection: { tier: string; relativeFrequency: number; text: { zh: string; en: string } }
  reasons: Rating['reasons']
}

/** The stored rating of an organisation under the model, or undefined if it has none (yet). */
export async function findRating(ctx: RatingsContext, subjectId: string): Promise<StoredRatingView | undefined> {
  const row = await repo.findRatingRow(ctx.database.db, subjectId, ctx.rating.model.code)
  if (!row) return undefined
  const m = ctx.rating.model
  return {
    subjectId,
    model: { code: m.code, version: row.model_version, name: m.name },
    ratedOn: row.rated_on,
    score: Number(row.score),
    grade: row.grade,
    inspection: m.inspection[row.grade]!,
    reasons: row.reasons as Rating['reasons'],
  }
}

/** What the public may see of an organisation's rating: its grade, if the model discloses grades (nothing else). */
export async function publicGrade(
  ctx: RatingsContext,
  subjectId: string,
): Promise<{ grade: string; ratedOn: string; model: { code: string; version: string } } | null> {
  if (ctx.rating.model.disclosure.public !== 'grade') return null
  const found = await findRating(ctx, subjectId)
  return found
    ? { grade: found.grade, ratedOn: found.ratedOn, model: { code: found.model.code, version: found.model.version } }
    : null
}

/** The public grades of these organisations (none if the model does not disclose grades), for a page of search results. */
export async function publicGrades(
  ctx: RatingsContext,
  subjectIds: readonly string[],
): Promise<ReadonlyMap<string, string>> {
  if (ctx.rating.model.disclosure.public !== 'grade') return new Map()
  return repo.gradesOf(ctx.database.db, subjectIds, ctx.rating.model.code)
}

/** A look at a rating with its reasons by an officer, auditor or inspecting department: recorded first, shown to the subject. */
export async function readRating(
  ctx: RatingsContext,
  actor: Actor,
  byName: string,
  subjectId: string,
  record: (event: AuditEvent) => Promise<void>,
): Promise<StoredRatingView> {
  const found = await findRating(ctx, subjectId)
  if (!found)
    throw new AppError(
      'rating.not_found',
      "no rating for this subject (organisations of the rated types only; new ones are rated within the worker's interval)",
      [{ pointer: '/subjectId', detail: 'not rated' }],
    )
  await record({
    action: 'rating.viewed',
    actor,
    subjectId,
    objectType: 'rating',
    objectId: `${ctx.rating.model.code}/${subjectId}`,
    payload: { model: ctx.rating.model.code, byName },
  })
  return found
}
