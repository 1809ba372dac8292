import { before, test } from 'node:test'
import assert from 'node:assert/strict'
import type { App } from '../src/app.ts'
import { createStaffAccount } from '../src/modules/access/index.ts'
import { issueOfficerKey } from '../src/modules/sources/index.ts'
import { GIVEN_SCORES_KEPT_MONTHS, MIN_MONTH_SCORES, PSI_SHIFTED } from '../src/modules/scoring/index.ts'
import { runMaintenance } from '../src/modules/retention/index.ts'
import type { ManualClock } from '../src/platform/clock.ts'
import { describeEachEngine } from './support/databases.ts'
import { newResidentId, recordsContext, subjectAccount, testApp } from './support/context.ts'
import { addLender, consentToScore, fittedModel, postWith } from './support/score-model.ts'

const body = (text: string) => JSON.parse(text) as Record<string, unknown>

describeEachEngine("a model's monthly stability: the scores it gave against its development sample", (db) => {
  let app: App
  let ctx: Awaited<ReturnType<typeof recordsContext>>
  let clock: ManualClock
  let officerKey: string
  let bankKey: string
  let modelId: string
  const people: { residentId: string; name: string }[] = []
  const model = fittedModel('stability-card')

  before(async () => {
    ctx = await recordsContext(db(), '2026-06-10T02:00:00Z')
    clock = ctx.clock
    app = await testApp(ctx)
    officerKey = (await issueOfficerKey(db(), clock, { type: 'operator', id: 'test' }, 'officer')).apiKey
    const bankName = `stability-bank-${process.pid}`
    bankKey = await addLender(db(), clock, bankName)
    for (const name of ['林芳', '陈伟']) {
      const residentId = newResidentId()
      const { subjectId } = await subjectAccount(ctx, { residentId, name })
      await consentToScore(db(), clock, subjectId, bankName)
      people.push({ residentId, name })
    }
    const res = await post('/v1/models', officerKey, {
      purpose: 'credit_application',
      model,
      reasons: 'Validated on a held-out sample',
    })
    assert.equal(res.statusCode, 201, res.body)
    modelId = String(body(res.body).modelId)
  })

  const post = postWith(() => app)
  const get = (url: string, key?: string) =>
    app.inject({ method: 'GET', url, headers: key ? { authorization: `Bearer ${key}` } : {} })
  const risky = { months_past_due: 3, balance: 9500, limit: 10000, inquiries_12m: 5 }
  const score = async (person: { residentId: string; name: string }) => {
    const res = await post('/v1/scores', bankKey, {
      subject: person,
      purpose: 'credit_application',
      features: risky,
    })
    assert.equal(res.statusCode, 200, res.body)
    return body(res.body)
  }

  test('the model file keeps its development score deciles, the baseline of the report', () => {
    const scores = model.development.scores!
    assert.equal(scores.counts.length, scores.edges.length + 1)
    assert.equal(
      scores.counts.reduce((a, b) => a + b, 0),
      model.development.rows,
    )
  })

  test('a month with no scores: no PSI, nothing flagged, and the public summary says so', async () => {
    const res = await get(`/v1/models/${modelId}/stability?month=2026-05`, officerKey)
    assert.equal(res.statusCode, 200, res.body)
    const report = body(res.body)
    assert.equal(report.scores, 0)
    assert.equal(report.psi, null)
    assert.equal(report.status, 'no_scores')
    const summary = body((await get('/v1/public/model-stability?month=2026-05')).body)
    assert.deepEqual(
      (summary.models as Record<string, unknown>[]).map((m) => [m.name, m.scores, m.psi, m.stability]),
      [['stability-card', 0, null, 'no_scores']],
    )
  })

  test('officers (and auditors) read the whole report; the public only the summary; a bad month is refused', async () => {
    assert.equal((await get(`/v1/models/${modelId}/stability`)).statusCode, 401)
    assert.equal((await get(`/v1/models/${modelId}/stability`, bankKey)).statusCode, 403)
    const bad = await get(`/v1/models/${modelId}/stability?month=2026-13`, officerKey)
    assert.equal(bad.statusCode, 400, bad.body)
    const unknown = await get('/v1/models/00000000-0000-4000-8000-000000000000/stability', officerKey)
    assert.equal(unknown.statusCode, 404, unknown.body)
  })

  test('the scores given this month, against development: too few to judge, then the same risky applicants again and again are flagged', async () => {
    const first = await score(people[0]!)
    await score(people[1]!)
    let report = body((await get(`/v1/models/${modelId}/stability`, officerKey)).body)
    assert.equal(report.month, '2026-06', 'this month in China, from the clock')
    assert.equal(report.scores, 2)
    assert.equal(report.status, 'too_few')
    assert.ok(typeof report.psi === 'number' && report.psi > PSI_SHIFTED, 'computed for officers, not judged')
    const bands = report.bands as { count: number }[]
    assert.equal(
      bands.reduce((a, b) => a + b.count, 0),
      2,
    )
    const characteristics = report.characteristics as { feature: string; scores: number; pointsShift: number }[]
    assert.deepEqual(
      characteristics.map((c) => c.feature),
      model.features.map((f) => f.name),
    )
    assert.ok(characteristics.every((c) => c.scores === 2))
    assert.ok(
      characteristics.some((c) => c.pointsShift < 0),
      'the month gives fewer points than development: riskier applicants',
    )
    let summary = body((await get('/v1/public/model-stability')).body)
    let mine = (summary.models as Record<string, unknown>[]).find((m) => m.modelId === modelId)!
    assert.deepEqual([mine.scores, mine.psi, mine.stability], [2, null, 'too_few'], 'no PSI of two people in public')

    for (let i = 2; i < MIN_MONTH_SCORES; i += 10)
      await Promise.all(Array.from({ length: Math.min(10, MIN_MONTH_SCORES - i) }, (_, k) => score(people[k % 2]!)))
    report = body((await get(`/v1/models/${modelId}/stability?month=2026-06`, officerKey)).body)
    assert.equal(report.scores, MIN_MONTH_SCORES)
    assert.equal(report.status, 'shifted')
    summary = body((await get('/v1/public/model-stability?month=2026-06')).body)
    mine = (summary.models as Record<string, unknown>[]).find((m) => m.modelId === modelId)!
    assert.equal(mine.stability, 'shifted')
    assert.equal(mine.psi, report.psi)
    // the public summary names models and counts, never a person, an identifier or a score given
    const text = JSON.stringify(summary)
    for (const p of people) {
      assert.ok(!text.includes(p.residentId) && !text.includes(p.name))
    }
    assert.ok(!text.includes(String(first.subjectId)))
    assert.ok(!text.includes('"score"'), 'no score given')
    assert.deepEqual(Object.keys(mine).sort(), ['modelId', 'name', 'psi', 'scores', 'stability', 'status', 'version'])
  })

  test('the pages: the public summary and the officer report, in both languages, in words; the public page names no person', async () => {
    for (const lang of ['zh', 'en'] as const) {
      const pub = await get(`/models/stability?month=2026-06&lang=${lang}`)
      assert.equal(pub.statusCode, 200, pub.body)
      assert.match(pub.body, /stability-card v1/)
      assert.match(pub.body, lang === 'zh' ? /已偏移（标记）/ : /Shifted \(flagged\)/)
      assert.doesNotMatch(pub.body, />shifted<|no_scores|too_few/, 'no code')
      for (const p of people) assert.ok(!pub.body.includes(p.name) && !pub.body.includes(p.residentId))
    }
    assert.equal((await get('/models/stability?month=2026-13')).statusCode, 200, 'a month that is not one: this month')
    assert.match((await get('/statistics?lang=en')).body, /href="\/models\/stability"/, 'linked from the statistics')
    const { password } = await createStaffAccount(
      db(),
      clock,
      { type: 'operator', id: 'test' },
      { username: `stability.officer.${process.pid}`, displayName: 'O', role: 'officer' },
    )
    const signedIn = await app.inject({
      method: 'POST',
      url: '/v1/session',
      payload: { username: `stability.officer.${process.pid}`, password },
    })
    assert.equal(signedIn.statusCode, 200, signedIn.body)
    const jar = ([] as string[])
      .concat((signedIn.headers['set-cookie'] ?? []) as string[])
      .map((c) => c.split(';')[0])
      .join('; ')
    for (const lang of ['zh', 'en'] as const) {
      const page = await app.inject({
        method: 'GET',
        url: `/officer/models/${modelId}/stability?month=2026-06&lang=${lang}`,
        headers: { cookie: jar },
      })
      assert.equal(page.statusCode, 200, page.body)
      assert.match(page.body, lang === 'zh' ? /评分分段/ : /Score bands/)
      assert.match(page.body, lang === 'zh' ? /得分变化/ : /Points shift/)
      assert.match(page.body, new RegExp(`<dd>${MIN_MONTH_SCORES}</dd>`))
      assert.doesNotMatch(page.body, />shifted<|no_scores|too_few/, 'no code')
    }
    const list = await app.inject({ method: 'GET', url: '/officer/models?lang=en', headers: { cookie: jar } })
    assert.match(list.body, new RegExp(`href="/officer/models/${modelId}/stability"`))
    const outsider = await app.inject({ method: 'GET', url: `/officer/models/${modelId}/stability` })
    assert.equal(outsider.statusCode, 303, 'signed out: to sign-in')
  })

  test('a new month starts empty: the scores are counted in the month they were given', async () => {
    clock.set(new Date('2026-06-30T17:00:00Z')) // 1 July in China
    const report = body((await get(`/v1/models/${modelId}/stability`, officerKey)).body)
    assert.equal(report.month, '2026-07')
    assert.equal(report.scores, 0)
  })

  test(`the maintenance pass keeps a score's row ${GIVEN_SCORES_KEPT_MONTHS} months (this month and the 24 before), then deletes it`, async () => {
    const june = async () => body((await get(`/v1/models/${modelId}/stability?month=2026-06`, officerKey)).body).scores
    clock.set(new Date('2028-06-15T02:00:00Z'))
    assert.equal((await runMaintenance(ctx)).scoresDeleted, 0)
    assert.equal(await june(), MIN_MONTH_SCORES)
    clock.set(new Date('2028-07-01T02:00:00Z'))
    assert.equal((await runMaintenance(ctx)).scoresDeleted, MIN_MONTH_SCORES)
    assert.equal(await june(), 0)
  })
})
