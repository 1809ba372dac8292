import { before, test } from 'node:test'
import assert from 'node:assert/strict'
import { sql } from 'kysely'
import type { App } from '../src/app.ts'
import { addDepartment } from '../src/modules/access/index.ts'
import { fileObjection } from '../src/modules/objections/index.ts'
import {
  DEFAULT_RATING_MODEL,
  loadRatingModel,
  ratingContextOf,
  recomputeAll,
  rerateChanged,
  type RatingsContext,
} from '../src/modules/ratings/index.ts'
import { submitRecord } from '../src/modules/records/index.ts'
import { issueOfficerKey } from '../src/modules/sources/index.ts'
import type { ManualClock } from '../src/platform/clock.ts'
import { describeEachEngine, whenSettled } from './support/databases.ts'
import {
  kindWhere,
  makeSource,
  newUscc,
  organisationRecord,
  recordsContext,
  subjectAccount,
  testApp,
} from './support/context.ts'

const body = (text: string) => JSON.parse(text) as Record<string, unknown>

describeEachEngine(
  'enterprise ratings: from records, re-rated on change and with time, seen by the subject and inspectors',
  (db) => {
    let app: App
    let clock: ManualClock
    let ctx: RatingsContext
    let records: Awaited<ReturnType<typeof recordsContext>>
    let officerKey: string
    let inspectorKey: string
    let procurementKey: string
    let penalisedId: string
    let penaltyRecordId: string
    let cleanId: string
    let newId: string
    let penalisedHeaders: () => Promise<Record<string, string>>
    let source: Awaited<ReturnType<typeof makeSource>>

    const stored = async (subjectId: string) =>
      (
        await sql<{
          score: string
          grade: string
        }>`SELECT score::text AS score, grade FROM ratings WHERE subject_id = ${subjectId}`.execute(db().db)
      ).rows[0]
    const changes = async () =>
      Number(
        (
          await sql<{ n: string }>`SELECT count(*) AS n FROM audit_events WHERE action = 'rating.changed'`.execute(
            db().db,
          )
        ).rows[0]!.n,
      )

    before(async () => {
      records = await recordsContext(db(), '2026-06-01T02:00:00Z')
      clock = records.clock
      ctx = {
        ...records,
        rating: ratingContextOf(await loadRatingModel(DEFAULT_RATING_MODEL, new Set(records.catalogue.kinds.keys()))),
      }
      app = await testApp(records)
      const serious = kindWhere(records.catalogue, (k) => k.code === 'admin_penalty_serious')
      const licence = kindWhere(records.catalogue, (k) => k.code === 'admin_licence')
      source = await makeSource(records, [serious.code, licence.code, 'judgment_defaulter'])
      const actor = { type: 'source', id: source.name } as const
      const penalised = { uscc: newUscc(), name: '福州长乐纺织有限公司' }
      penalisedId = (
        await submitRecord(
          records,
          source,
          actor,
          organisationRecord(licence, { subject: penalised, decidedOn: '2020-01-01' }),
        )
      ).subjectId
      penaltyRecordId = (
        await submitRecord(
          records,
          source,
          actor,
          organisationRecord(serious, { subject: penalised, decidedOn: '2026-05-01' }),
        )
      ).recordId
      await submitRecord(
        records,
        source,
        actor,
        organisationRecord(serious, { subject: penalised, decidedOn: '2026-04-01' }),
      )
      cleanId = (
        await submitRecord(
          records,
          source,
          actor,
          organisationRecord(licence, {
            subject: { uscc: newUscc(), name: '厦门清风贸易有限公司' },
            decidedOn: '2019-03-01',
          }),
        )
      ).subjectId
      newId = (
        await submitRecord(
          records,
          source,
          actor,
          organisationRecord(licence, {
            subject: { uscc: newUscc(), name: '泉州新芽科技有限公司' },
            decidedOn: '2026-05-20',
          }),
        )
      ).subjectId
      officerKey = (await issueOfficerKey(db(), clock, { type: 'operator', id: 'test' }, 'officer')).apiKey
      inspectorKey = (
        await addDepartment(
          db(),
          clock,
          { type: 'operator', id: 'test' },
          { name: `inspect-${process.pid}`, displayName: '福州市市场监督管理局', domains: ['inspections'] },
        )
      ).apiKey
      procurementKey = (
        await addDepartment(
          db(),
          clock,
          { type: 'operator', id: 'test' },
          { name: `buy-${process.pid}`, displayName: '福州市财政局', domains: ['public_procurement'] },
        )
      ).apiKey
      penalisedHeaders = (await subjectAccount(records, penalised)).headers
    })

    test('a full pass rates every organisation from its records in force; a second pass changes nothing', async () => {
      const first = await recomputeAll(ctx)
      assert.ok(first.subjects >= 3)
      assert.equal(first.changed, first.subjects)
      const penalised = await stored(penalisedId)
      assert.equal(penalised!.grade, 'C', `two serious penalties this spring: ${penalised!.score}`)
      assert.ok(Number(penalised!.score) < 750 && Number(penalised!.score) >= 600)
      assert.deepEqual(await stored(cleanId), { score: '1000.0', grade: 'A' })
      assert.equal((await stored(newId))!.grade, 'M', 'first known this year, nothing negative')
      const events = await changes()
      assert.equal(events, first.changed)
      const again = await recomputeAll(ctx)
      assert.equal(again.changed, 0)
      assert.equal(await changes(), events)
    })

    test('an objection takes a record out of the rating at once (the change feed), and its history is kept', async () => {
      const before = Number((await stored(penalisedId))!.score)
      await fileObjection(
        records,
        { type: 'subject', id: 'test' },
        penalisedId,
        { recordId: penaltyRecordId, reasons: 'the penalty was annulled on appeal' },
        { onBehalf: false },
      )
      await whenSettled(db())
      const r = await rerateChanged(ctx)
      assert.equal(r.changed, 1)
      const after = Number((await stored(penalisedId))!.score)
      assert.ok(after > before, `${after} > ${before}`)
      assert.equal((await rerateChanged(ctx)).changed, 0, 'the cursor moved: nothing again')
      const res = await app.inject({ method: 'GET', url: '/v1/me/rating', headers: await penalisedHeaders() })
      assert.equal(res.statusCode, 200, res.body)
      const own = body(res.body) as {
        rating: { score: number; reasons: { component: string; records: number }[]; inspection: { tier: string } }
        history: { score: number }[]
      }
      assert.equal(own.rating.score, after)
      assert.deepEqual(
        own.rating.reasons.map((x) => [x.component, x.records]),
        [['serious_penalty', 1]],
      )
      assert.deepEqual(
        own.history.map((h) => h.score),
        [after, before],
        'newest first',
      )
      // everything held on it: the export has the rating too
      const exported = body(
        (await app.inject({ method: 'GET', url: '/v1/me/export', headers: await penalisedHeaders() })).body,
      ) as { ratings: { score: number; reasons: unknown[] }[] }
      assert.deepEqual(
        exported.ratings.map((r) => [r.score, r.reasons.length]),
        [[after, 1]],
      )
    })

    test("points fade with time: a day's pass three years on restores the score", async () => {
      clock.set(new Date('2029-06-01T02:00:00Z'))
      await recomputeAll(ctx)
      assert.deepEqual(await stored(penalisedId), { score: '1000.0', grade: 'A' })
      assert.equal((await stored(newId))!.grade, 'A', 'no longer new')
      clock.set(new Date('2026-06-02T02:00:00Z'))
      await recomputeAll(ctx)
    })

    test('inspectors and officers see reasons and the tier, and the organisation sees that they looked; other departments and the public do not', async () => {
      const get = (key?: string, url = `/v1/ratings/${penalisedId}`) =>
        app.inject({ method: 'GET', url, headers: key ? { authorization: `Bearer ${key}` } : {} })
      const inspector = await get(inspectorKey)
      assert.equal(inspector.statusCode, 200, inspector.body)
      assert.ok(['raised', 'base'].includes(String((body(inspector.body).inspection as { tier: string }).tier)))
      assert.equal((await get(officerKey)).statusCode, 200)
      const buyer = await get(procurementKey)
      assert.equal(buyer.statusCode, 403)
      assert.equal(body(buyer.body).code, 'check.domain_not_registered')
      const pub = await get(undefined, `/v1/public/subjects/${penalisedId}/rating`)
      assert.equal(pub.statusCode, 200)
      assert.deepEqual(
        Object.keys(body(pub.body)).sort(),
        ['grade', 'model', 'ratedOn', 'subjectId'],
        'the public sees the grade, not the reasons',
      )
      const profile = body((await get(undefined, `/v1/public/subjects/${penalisedId}/profile`)).body) as {
        subject: { name: string }
        records: unknown[]
        listEntries: unknown[]
        rating: Record<string, unknown>
      }
      assert.equal(profile.subject.name, '福州长乐纺织有限公司')
      assert.deepEqual(Object.keys(profile.rating).sort(), ['grade', 'model', 'ratedOn'])
      assert.equal(profile.rating.grade, body(pub.body).grade)
      assert.ok(profile.records.length >= 1)
      const looks = await app.inject({ method: 'GET', url: '/v1/me/inquiries', headers: await penalisedHeaders() })
      assert.match(looks.body, /福州市市场监督管理局/)
      assert.match(looks.body, /read your credit rating/)
    })

    test('persons are never rated', async () => {
      const persons = Number(
        (
          await sql<{
            n: string
          }>`SELECT count(*) AS n FROM ratings r JOIN subjects s USING (subject_id) WHERE s.subject_type = 'person'`.execute(
            db().db,
          )
        ).rows[0]!.n,
      )
      assert.equal(persons, 0)
    })

    test('one organisation whose rating fails does not stop the others: it is counted and kept as it was', async () => {
      const before = await stored(penalisedId)
      const failing: RatingsContext = {
        ...ctx,
        rating: {
          ...ctx.rating,
          engine: {
            rate: (facts, today) => {
              if (facts.records.some((r) => r.recordId === penaltyRecordId))
                throw new Error('a rating bug for this one organisation')
              return ctx.rating.engine.rate(facts, today)
            },
          },
        },
      }
      clock.set('2027-03-01T02:00:00Z')
      const report = await recomputeAll(failing)
      assert.equal(report.failed, 1)
      assert.ok(report.subjects >= 3)
      assert.deepEqual(await stored(penalisedId), before, 'kept as it was')
      // the next pass, without the fault, rates it again
      const next = await recomputeAll(ctx)
      assert.equal(next.failed, 0)
      assert.notDeepEqual(await stored(penalisedId), before, 'rated again a year on, as its penalties faded')
    })
  },
)
