import { before, test } from 'node:test'
import assert from 'node:assert/strict'
import { sql } from 'kysely'
import type { App } from '../src/app.ts'
import { addRelyingParty } from '../src/modules/access/index.ts'
import { issueOfficerKey } from '../src/modules/sources/index.ts'
import { scorer, type ScorecardModel } from '../src/modules/scoring/index.ts'
import type { ManualClock } from '../src/platform/clock.ts'
import { describeEachEngine } from './support/databases.ts'
import { newResidentId, recordsContext, subjectAccount, testApp } from './support/context.ts'
import { consentToScore, fittedModel, postWith } from './support/score-model.ts'

const body = (text: string) => JSON.parse(text) as Record<string, unknown>

describeEachEngine('credit scores of persons: the model registry and POST /v1/scores', (db) => {
  let app: App
  let clock: ManualClock
  let officerKey: string
  let bankKey: string
  let bankName: string
  let residentId: string
  let subjectId: string
  let subjectHeaders: () => Promise<Record<string, string>>
  const model = fittedModel('retail-card')

  before(async () => {
    const ctx = await recordsContext(db(), '2026-06-01T02:00:00Z')
    clock = ctx.clock
    app = await testApp(ctx)
    officerKey = (await issueOfficerKey(db(), clock, { type: 'operator', id: 'test' }, 'officer')).apiKey
    bankName = `card-bank-${process.pid}`
    bankKey = (
      await addRelyingParty(
        db(),
        clock,
        { type: 'operator', id: 'test' },
        {
          name: bankName,
          displayName: '闽江商业银行',
          partyType: 'lender',
          purposes: ['credit_application', 'licensing_check'],
        },
      )
    ).apiKey
    residentId = newResidentId()
    const account = await subjectAccount(ctx, { residentId, name: '林芳' })
    subjectId = account.subjectId
    subjectHeaders = account.headers
  })

  const post = postWith(() => app)
  const events = async (action: string) =>
    (
      await sql<{
        payload: Record<string, unknown>
      }>`SELECT payload FROM audit_events WHERE action = ${action} ORDER BY seq`.execute(db().db)
    ).rows.map((r) => r.payload)
  const applicant = { months_past_due: 3, balance: 9500, limit: 10000, inquiries_12m: 5 }
  const ask = (features: Record<string, unknown> = applicant, extra: Record<string, unknown> = {}) =>
    post('/v1/scores', bankKey, {
      subject: { residentId, name: '林芳' },
      purpose: 'credit_application',
      features,
      ...extra,
    })

  test('nothing scores before a model is published', async () => {
    const res = await ask()
    assert.equal(res.statusCode, 404, res.body)
    assert.equal(body(res.body).code, 'score.no_model')
  })

  test('publishing refuses a model with a protected input (edited after fitting) or for a purpose that is not lending, and writes nothing', async () => {
    const edited = structuredClone(model)
    edited.features.find((f) => !f.derived)!.name = 'marital_status'
    const bad = await post('/v1/models', officerKey, {
      purpose: 'credit_application',
      model: edited,
      reasons: 'validated',
    })
    assert.equal(bad.statusCode, 422, bad.body)
    assert.equal(body(bad.body).code, 'model.protected_feature')
    assert.match(JSON.stringify(body(bad.body).errors), /marital_status/)
    // an input re-pointed at an element of another field, or at one the dictionary does not have
    for (const element of ['summary', 'numFriends']) {
      const repointed = structuredClone(model)
      repointed.inputs.months_past_due = { element, month: 1 }
      const refused = await post('/v1/models', officerKey, {
        purpose: 'credit_application',
        model: repointed,
        reasons: 'validated',
      })
      assert.equal(refused.statusCode, 422, refused.body)
      assert.equal(body(refused.body).code, 'model.input_not_allowed')
      assert.ok(
        (body(refused.body).errors as { pointer: string }[]).some((e) => e.pointer === '/model/inputs/months_past_due'),
        refused.body,
      )
    }
    const wrongPurpose = await post('/v1/models', officerKey, {
      purpose: 'licensing_check',
      model,
      reasons: 'validated',
    })
    assert.equal(wrongPurpose.statusCode, 400)
    assert.equal(body(wrongPurpose.body).code, 'model.purpose_not_for_scores')
    const broken = await post('/v1/models', officerKey, {
      purpose: 'credit_application',
      model: { format: 'fides-scorecard/1', name: 'x' },
      reasons: 'validated',
    })
    assert.equal(body(broken.body).code, 'model.invalid')
    assert.equal(
      Number((await sql<{ n: string }>`SELECT count(*) AS n FROM score_models`.execute(db().db)).rows[0]!.n),
      0,
    )
    assert.deepEqual(await events('model.published'), [])
  })

  test('an officer publishes; the model is public, bin by bin, with its inputs; versions count up', async () => {
    const res = await post('/v1/models', officerKey, {
      purpose: 'credit_application',
      model,
      reasons: '经验证：交叉验证 AUC 0.78，无受保护特征 Validated: CV AUC 0.78, no protected input',
    })
    assert.equal(res.statusCode, 201, res.body)
    const published = body(res.body)
    assert.equal(published.version, 1)
    assert.deepEqual(published.inputs, ['balance', 'inquiries_12m', 'limit', 'months_past_due'])
    // each input is an element of a credit file
    assert.deepEqual((published.inputElements as Record<string, unknown>).months_past_due, {
      element: 'monthlyRepaymentStatus',
      month: 1,
    })
    assert.deepEqual((published.inputElements as Record<string, unknown>).limit, { element: 'creditLimitOrPrincipal' })
    assert.deepEqual(published.reasons, {
      published: '经验证：交叉验证 AUC 0.78，无受保护特征 Validated: CV AUC 0.78, no protected input',
      withdrawn: null,
    })
    const list = await app.inject({ method: 'GET', url: '/v1/models' })
    assert.equal(list.statusCode, 200)
    assert.equal((body(list.body).models as unknown[]).length, 1)
    const one = await app.inject({ method: 'GET', url: `/v1/models/${String(published.modelId)}` })
    assert.deepEqual(
      (body(one.body).model as ScorecardModel).features.map((f) => f.name),
      model.features.map((f) => f.name),
    )
    assert.equal((await events('model.published')).length, 1)
  })

  test("a score needs the person's consent; a refusal records nothing", async () => {
    const res = await ask()
    assert.equal(res.statusCode, 403, res.body)
    assert.equal(body(res.body).code, 'access.consent_required')
    assert.deepEqual(await events('score.made'), [])
  })

  test("the features must be the model's inputs, never a protected characteristic", async () => {
    await consentToScore(db(), clock, subjectId, bankName)
    const withAge = await ask({ ...applicant, age: 44 })
    assert.equal(withAge.statusCode, 422, withAge.body)
    assert.equal(body(withAge.body).code, 'score.protected_feature')
    assert.deepEqual(
      (body(withAge.body).errors as { pointer: string }[]).map((e) => e.pointer),
      ['/features/age'],
    )
    const missing = await ask({ months_past_due: 1 })
    assert.equal(body(missing.body).code, 'score.bad_features')
    assert.deepEqual((body(missing.body).errors as { pointer: string }[]).map((e) => e.pointer).sort(), [
      '/features/balance',
      '/features/inquiries_12m',
      '/features/limit',
    ])
    const company = await post('/v1/scores', bankKey, {
      subject: { uscc: '91350100M000100Y43', name: '公司' },
      purpose: 'credit_application',
      features: applicant,
    })
    assert.equal(company.statusCode, 400)
    assert.deepEqual(await events('score.made'), [])
  })

  test('a score: points, band, the reasons that cost the most, the adverse-action notice; the person sees it', async () => {
    const res = await ask()
    assert.equal(res.statusCode, 200, res.body)
    const scored = body(res.body) as {
      score: number
      band: { code: string }
      reasons: { code: string; text: string }[]
      adverseActionNotice: string
      subjectId: string
    }
    assert.equal(scored.subjectId, subjectId)
    const good = body(
      (await ask({ months_past_due: 0, balance: 500, limit: 10000, inquiries_12m: 0 })).body,
    ) as typeof scored
    assert.ok(good.score > scored.score)
    assert.deepEqual(good.reasons, [], 'the best applicant lost no points')
    assert.deepEqual(
      scored.reasons.map((r) => r.text),
      [
        'Payments were late in recent months',
        'Many recent applications for credit',
        'A high balance owed',
        'Much of the credit limit is in use',
      ],
    )
    assert.match(
      scored.adverseActionNotice,
      new RegExp(`credit score about you from Fides for a credit application: ${scored.score}`),
    )
    assert.match(scored.adverseActionNotice, /1\. Payments were late/)
    assert.match(scored.adverseActionNotice, /must have a person consider your application/)
    const made = await events('score.made')
    assert.equal(made.length, 2)
    assert.equal(made[0]!.score, scored.score)
    const seen = await app.inject({ method: 'GET', url: '/v1/me/inquiries', headers: await subjectHeaders() })
    assert.equal(seen.statusCode, 200, seen.body)
    assert.match(seen.body, new RegExp(`credit score ${scored.score} \\(band ${scored.band.code}\\)`))
  })

  test('a withdrawn model scores no more but stays public', async () => {
    const modelId = String(
      (body((await app.inject({ method: 'GET', url: '/v1/models' })).body).models as { modelId: string }[])[0]!.modelId,
    )
    const unexplained = await post(`/v1/models/${modelId}/withdraw`, officerKey, {})
    assert.deepEqual(
      [unexplained.statusCode, (body(unexplained.body).errors as { pointer: string }[])[0]!.pointer],
      [400, '/body/reasons'],
      'no withdrawal without reasons',
    )
    const res = await post(`/v1/models/${modelId}/withdraw`, officerKey, { reasons: 'superseded' })
    assert.equal(res.statusCode, 200, res.body)
    assert.deepEqual(
      [body(res.body).status, (body(res.body).reasons as { withdrawn: string }).withdrawn],
      ['withdrawn', 'superseded'],
    )
    assert.equal(body((await ask()).body).code, 'score.no_model')
    assert.equal((await app.inject({ method: 'GET', url: `/v1/models/${modelId}` })).statusCode, 200)
    assert.equal(
      body((await post(`/v1/models/${modelId}/withdraw`, officerKey, { reasons: 'superseded' })).body).code,
      'model.already_withdrawn',
    )
    assert.equal((await events('model.withdrawn')).length, 1)
  })

  test("a boosted card with pairwise terms is published with its tables, refused when a table is edited, and scores with a pair's cell", async () => {
    const paired = fittedModel('retail-card-paired', { method: 'boosted', boost: { pairs: 3 }, seed: 3 })
    assert.ok((paired.pairs ?? []).length > 0, 'the fit chose pairs')
    const edited = structuredClone(paired)
    edited.pairs![0]!.points[0]!.pop()
    const refused = await post('/v1/models', officerKey, { purpose: 'credit_application', model: edited, reasons: 'r' })
    assert.deepEqual([refused.statusCode, body(refused.body).code], [400, 'model.invalid'], refused.body)
    assert.ok(
      (body(refused.body).errors as { pointer: string }[]).some((e) => e.pointer === '/model/pairs/0/points'),
      refused.body,
    )
    const before = (await events('model.published')).length
    const res = await post('/v1/models', officerKey, {
      purpose: 'credit_application',
      model: paired,
      reasons: '经验证 Validated with its pairwise tables',
    })
    assert.equal(res.statusCode, 201, res.body)
    assert.equal((await events('model.published')).length, before + 1, 'the refusal wrote nothing')
    const modelId = String(body(res.body).modelId)
    const one = await app.inject({ method: 'GET', url: `/v1/models/${modelId}` })
    assert.deepEqual((body(one.body).model as ScorecardModel).pairs, paired.pairs, 'public, table by table')
    const scored = await ask(applicant, { model: 'retail-card-paired' })
    assert.equal(scored.statusCode, 200, scored.body)
    const expected = scorer(paired).score((c) => {
      const v = (applicant as Record<string, unknown>)[c]
      return v === undefined ? undefined : String(v)
    })
    assert.equal(body(scored.body).score, expected.score, "the published file's score, its pairs' cells included")
  })
})
