import { before, test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { sql } from 'kysely'
import type { App } from '../src/app.ts'
import { grantConsent } from '../src/modules/access/index.ts'
import { submitRecord, type RecordsContext } from '../src/modules/records/index.ts'
import { issueOfficerKey } from '../src/modules/sources/index.ts'
import {
  buildSample,
  fitScorecard,
  loadProtectedList,
  sampleCharacteristics,
  seededRandom,
  type ModelSpec,
  type ScorecardModel,
} from '../src/modules/scoring/index.ts'
import type { ManualClock } from '../src/platform/clock.ts'
import { describeEachEngine } from './support/databases.ts'
import { makeSource, newResidentId, recordsContext, subjectAccount, testApp } from './support/context.ts'
import { addLender } from './support/score-model.ts'

const body = (text: string) => JSON.parse(text) as Record<string, unknown>
const specPath = new URL('../catalogue/scorecards/from-file.spec.json', import.meta.url).pathname
const spec = JSON.parse(readFileSync(specPath, 'utf8')) as ModelSpec

/** A card fitted on a synthetic development sample in the columns `fides model sample` writes (the shipped spec). */
function fromFileModel(): ScorecardModel {
  const random = seededRandom(7)
  const columns = [...Object.keys(spec.columns), 'bad']
  const rows: string[][] = []
  for (let i = 0; i < 4000; i++) {
    const worst = Math.floor(random() * 4)
    const utilisation = Math.round(random() * 100) / 100
    const inquiries = Math.floor(random() * 6)
    const since = worst >= 2 ? String(Math.floor(random() * 12)) : ''
    const logit = -2.5 + 0.7 * worst + 1.8 * utilisation + 0.25 * inquiries
    const row: Record<string, string> = {
      months_since_60dpd: since,
      worst_delay_12m: String(worst),
      opened_12m: String(Math.floor(random() * 3)),
      open_accounts: String(1 + Math.floor(random() * 4)),
      utilisation: String(utilisation),
      oldest_account_months: String(6 + Math.floor(random() * 120)),
      past_due_amount: worst > 0 && random() < 0.5 ? String(Math.round(random() * 5000)) : '0',
      inquiries_12m: String(inquiries),
      bad: random() < 1 / (1 + Math.exp(-logit)) ? '1' : '0',
    }
    rows.push(columns.map((c) => row[c]!))
  }
  return fitScorecard(
    { columns, rows },
    { target: 'bad', name: 'bureau-file', protectedList: loadProtectedList(), spec },
  )
}

/** A credit account of the person as a lender reports it. */
const account = (fields: Record<string, unknown>) => ({
  accountType: 'credit_card',
  openedOn: '2021-04-01',
  creditLimitOrPrincipal: 20000,
  currency: 'CNY',
  accountStatus: 'normal',
  repaymentHistory: 'NNNNNNNNNNNNNNNNNNNNNNNN',
  historyThrough: '2026-05',
  outstandingBalance: 5000,
  amountPastDue: 0,
  accountNumber: 'CC001',
  ...fields,
})

describeEachEngine(
  'scores from the file: characteristics computed from stored records, and samples from the store',
  (db) => {
    let app: App
    let ctx: RecordsContext & { clock: ManualClock }
    let clock: ManualClock
    let officerKey: string
    let bankKey: string
    let bankName: string
    let sourceKey: string
    let residentId: string
    let subjectHeaders: () => Promise<Record<string, string>>
    let submit: (
      sourceRecordId: string,
      fields: Record<string, unknown>,
      person?: { residentId: string; name: string },
    ) => Promise<string>
    const model = fromFileModel()

    before(async () => {
      ctx = await recordsContext(db(), '2026-06-01T02:00:00Z')
      clock = ctx.clock
      app = await testApp(ctx)
      officerKey = (await issueOfficerKey(db(), clock, { type: 'operator', id: 'test' }, 'officer')).apiKey
      bankName = `file-bank-${process.pid}`
      bankKey = await addLender(db(), clock, bankName)
      const source = await makeSource(ctx, ['loan_account'], 'lender')
      sourceKey = source.apiKey
      residentId = newResidentId()
      submit = async (sourceRecordId, fields, person = { residentId, name: '林芳' }) =>
        (
          await submitRecord(
            ctx,
            source,
            { type: 'source', id: source.name },
            {
              sourceRecordId,
              kind: 'loan_account',
              subject: person,
              decidedOn: String(account(fields).openedOn),
              fields: account(fields),
            },
          )
        ).subjectId
      // a card 60 days late in 2026-03 and three quarters used, and a loan opened this year
      await submit('CARD-1', { repaymentHistory: 'NNNNNNNNNNNNNNNNNNNN12NN', outstandingBalance: 15000 })
      await submit('LOAN-1', {
        accountNumber: 'LN001',
        accountType: 'instalment_loan',
        openedOn: '2026-01-10',
        creditLimitOrPrincipal: 50000,
        outstandingBalance: 48000,
        repaymentHistory: '/////////////////////NNN',
      })
      subjectHeaders = (await subjectAccount(ctx, { residentId, name: '林芳' })).headers
      const published = await post('/v1/models', officerKey, {
        purpose: 'credit_application',
        model,
        reasons: 'validated on the 2025 sample',
      })
      assert.equal(published.statusCode, 201, published.body)
    })

    const post = (url: string, key: string, payload: unknown) =>
      app.inject({
        method: 'POST',
        url,
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        payload: JSON.stringify(payload),
      })
    const made = async () =>
      (
        await sql<{
          payload: Record<string, unknown>
        }>`SELECT payload FROM audit_events WHERE action = 'score.made' ORDER BY seq`.execute(db().db)
      ).rows.map((r) => r.payload)
    const ask = (extra: Record<string, unknown> = {}) =>
      post('/v1/scores', bankKey, { subject: { residentId, name: '林芳' }, purpose: 'credit_application', ...extra })

    test('the model declares its characteristics, public with their names and the elements they read', async () => {
      const models = body((await app.inject({ method: 'GET', url: '/v1/models' })).body).models as {
        inputs: string[]
        characteristics: Record<string, { kind: string; name: { en: string }; elements: string[] }>
      }[]
      assert.deepEqual(models[0]!.inputs, [], 'a lender sends nothing')
      assert.equal(models[0]!.characteristics.utilisation!.kind, 'revolvingUtilisation')
      assert.equal(models[0]!.characteristics.utilisation!.name.en, 'Share of revolving credit limits in use')
      assert.ok(models[0]!.characteristics.months_since_60dpd!.elements.includes('repaymentHistory'))
      // a characteristic edited into a formula is refused at publication
      const edited = structuredClone(model)
      ;(edited.characteristics as Record<string, unknown>).utilisation = {
        kind: 'ratio',
        of: ['outstandingBalance', 'x'],
      }
      const refused = await post('/v1/models', officerKey, {
        purpose: 'credit_application',
        model: edited,
        reasons: 'x',
      })
      assert.equal(refused.statusCode, 422, refused.body)
      assert.equal(refused.headers['content-type'], 'application/problem+json; charset=utf-8')
      assert.equal(body(refused.body).code, 'model.input_not_allowed')
      assert.deepEqual(
        (body(refused.body).errors as { pointer: string }[]).map((e) => e.pointer),
        ['/model/characteristics/utilisation'],
      )
    })

    test("no score without the person's consent, and nothing recorded", async () => {
      const res = await ask()
      assert.equal(res.statusCode, 403, res.body)
      assert.equal(body(res.body).code, 'access.consent_required')
      assert.deepEqual(await made(), [])
    })

    test('a lender may not send what the file holds: features naming a characteristic are refused, nothing recorded', async () => {
      await grantConsent(
        db(),
        clock,
        { type: 'officer', id: 'test' },
        {
          subjectId: (await subjectIdOf()) as string,
          relyingParty: bankName,
          purpose: 'credit_application',
          expiresAt: new Date('2028-05-01T00:00:00Z'),
          evidence: 'signed form 2026-0601-7',
        },
      )
      const res = await ask({ features: { utilisation: 0.05, worst_delay_12m: 0 } })
      assert.equal(res.statusCode, 422, res.body)
      assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8')
      assert.equal(body(res.body).code, 'score.feature_from_file')
      assert.deepEqual((body(res.body).errors as { pointer: string }[]).map((e) => e.pointer).sort(), [
        '/features/utilisation',
        '/features/worst_delay_12m',
      ])
      assert.deepEqual(await made(), [])
    })

    const subjectIdOf = async () =>
      (
        await sql<{
          subject_id: string
        }>`SELECT DISTINCT subject_id FROM records WHERE kind_code = 'loan_account'`.execute(db().db)
      ).rows[0]?.subject_id

    test('a score from the file: the values computed from the records as of now, the inquiry with them, and the person sees them labelled', async () => {
      const res = await ask()
      assert.equal(res.statusCode, 200, res.body)
      const scored = body(res.body) as {
        score: number
        values: Record<string, number | null>
        reasons: { text: string }[]
      }
      assert.deepEqual(scored.values, {
        inquiries_12m: 0,
        months_since_60dpd: 3,
        oldest_account_months: 62,
        open_accounts: 2,
        opened_12m: 1,
        past_due_amount: 0,
        utilisation: 0.75,
        worst_delay_12m: 2,
      })
      assert.ok(scored.reasons.some((r) => r.text === 'Much of the revolving credit limits is in use'))
      const events = await made()
      assert.equal(events.length, 1)
      assert.deepEqual(events[0]!.values, scored.values)
      // the next score counts this one as a lender's look
      const again = body((await ask()).body) as typeof scored
      assert.equal(again.values.inquiries_12m, 1)

      const mine = await app.inject({ method: 'GET', url: '/v1/me/scores', headers: await subjectHeaders() })
      assert.equal(mine.statusCode, 200, mine.body)
      const scores = body(mine.body).scores as {
        score: number
        by: string
        band: { name: { zh: string; en: string } }
        reasons: { label: { zh: string; en: string }; pointsLost: number }[]
        values: { label: { zh: string; en: string }; value: { zh: string; en: string }; fromFile: boolean }[]
      }[]
      assert.equal(scores.length, 2)
      assert.equal(scores[1]!.score, scored.score)
      assert.equal(scores[1]!.by, '闽江商业银行')
      const utilisation = scores[1]!.values.find((v) => v.label.en === 'Share of revolving credit limits in use')!
      assert.deepEqual(utilisation.value, { zh: '75.0%', en: '75.0 %' })
      assert.equal(utilisation.fromFile, true)
      assert.ok(
        scores[1]!.values.some((v) => v.label.zh === '距最近一次逾期60天以上的月数' && v.value.en === '3 months'),
      )
      assert.equal(scores[1]!.reasons.length, scored.reasons.length)
      assert.ok(scores[1]!.reasons.every((r) => r.pointsLost > 0 && r.label.zh !== '' && r.label.en !== ''))
      assert.ok(
        scores[1]!.reasons.some((r) => r.label.zh === '循环信用额度使用率'),
        'the utilisation that cost points, named in both languages',
      )
      // no column names, no kind codes reach the person
      assert.doesNotMatch(mine.body, /utilisation"|revolvingUtilisation|months_since_60dpd|worst_delay_12m/)
      // the page /me shows them in either language, worded, without codes
      const headers = await subjectHeaders()
      for (const [lang, words] of [
        ['en', ['Credit scores about me', 'Share of revolving credit limits in use', 'computed from your credit file']],
        ['zh', ['关于我的信用评分', '循环信用额度使用率', '根据您的信用档案计算']],
      ] as const) {
        const page = await app.inject({ method: 'GET', url: `/me?lang=${lang}`, headers: { cookie: headers.cookie! } })
        assert.equal(page.statusCode, 200)
        for (const w of words) assert.ok(page.body.includes(w), `${lang}: ${w}`)
        assert.doesNotMatch(page.body, /revolvingUtilisation|months_since_60dpd/)
      }
      const inquiries = await app.inject({ method: 'GET', url: '/v1/me/inquiries', headers: await subjectHeaders() })
      assert.match(inquiries.body, new RegExp(`credit score ${scored.score}`))
    })

    test('a development sample from the store is point in time: records and corrections that came later do not change it', async () => {
      const specCharacteristics = sampleCharacteristics(spec, specPath)
      const sample = () =>
        buildSample(db().db, clock.now(), {
          asOf: '2026-06-01',
          outcomeMonths: 12,
          characteristics: specCharacteristics,
        })
      // the window is not over: no outcome to read
      await assert.rejects(sample(), (e: Error & { code?: string }) => e.code === 'model.window_open')
      // 2027-01: the card's history through 2026-12, 90 days late in 2026-11 (within the window)
      clock.set('2027-01-15T02:00:00Z')
      await submit('CARD-1', {
        repaymentHistory: 'NNNNNNNNNNNNNN12NNNNN123',
        historyThrough: '2026-12',
        outstandingBalance: 19000,
        accountStatus: 'overdue',
        amountPastDue: 3000,
      })
      clock.set('2027-07-01T02:00:00Z')
      const first = await sample()
      assert.deepEqual(first.columns, [...Object.keys(spec.columns), 'bad'])
      assert.equal(first.rows.length, 1, 'one person with credit accounts on the date')
      const row = Object.fromEntries(first.columns.map((c, i) => [c, first.rows[0]![i]]))
      assert.equal(row.utilisation, '0.75', 'the balance known on the date, not the correction of 2027')
      assert.equal(row.opened_12m, '1')
      assert.equal(row.bad, '1', '90 days past due in 2026-11')
      // later: a loan opened before the date but reported only now, a correction of the card, a new person
      await submit('LOAN-2', {
        accountNumber: 'LN002',
        accountType: 'instalment_loan',
        openedOn: '2026-02-01',
        repaymentHistory: 'NNNNNNNNNNNNNNNNNNN77777',
        historyThrough: '2027-06',
      })
      await submit('CARD-1', { outstandingBalance: 0, historyThrough: '2027-06' })
      await submit('CARD-9', { openedOn: '2020-01-01' }, { residentId: newResidentId(), name: '陈明' })
      assert.deepEqual(await sample(), first, 'the same sample, byte for byte')
      // the score as of now reads them
      const now = body((await ask()).body) as { values: Record<string, number | null> }
      assert.equal(now.values.open_accounts, 3)
    })

    test('a record the report no longer shows is not scored: the person objects, the lender withdraws it', async () => {
      const recordId = (
        await sql<{
          record_id: string
        }>`SELECT record_id FROM records WHERE source_record_id = 'LOAN-2' LIMIT 1`.execute(db().db)
      ).rows[0]!.record_id
      const before = body((await ask()).body) as { values: Record<string, number | null> }
      assert.deepEqual([before.values.open_accounts, before.values.worst_delay_12m], [3, 7])
      const headers = await subjectHeaders()
      const filed = await app.inject({
        method: 'POST',
        url: '/v1/me/objections',
        headers: { ...headers, 'content-type': 'application/json' },
        payload: JSON.stringify({ recordId, reasons: '这笔贷款不是我借的。', evidence: [] }),
      })
      assert.equal(filed.statusCode, 201, filed.body)
      const answered = await post(
        `/v1/sources/me/objections/${String(body(filed.body).objectionId)}/answer`,
        sourceKey,
        { outcome: 'withdrawn', explanation: '核实为录入错误，撤回。' },
      )
      assert.equal(answered.statusCode, 200, answered.body)
      const now = body((await ask()).body) as { values: Record<string, number | null> }
      assert.equal(now.values.open_accounts, 2, 'the withdrawn loan is not counted')
      assert.equal(now.values.worst_delay_12m, 0, 'nor its seven months late')
    })

    test('a model may also read declared elements a lender supplies: those alone are sent, the rest is read from the file', async () => {
      const random = seededRandom(5)
      const rows = Array.from({ length: 3000 }, () => {
        const worst = Math.floor(random() * 4)
        const term = [12, 24, 36, 60][Math.floor(random() * 4)]!
        const logit = -2.5 + 0.8 * worst + term / 40
        return [String(worst), String(term), random() < 1 / (1 + Math.exp(-logit)) ? '1' : '0']
      })
      const mixed = fitScorecard(
        { columns: ['worst_delay_12m', 'term', 'bad'], rows },
        {
          target: 'bad',
          name: 'bureau-and-application',
          protectedList: loadProtectedList(),
          spec: {
            columns: {
              worst_delay_12m: { characteristic: { kind: 'worstDelinquency', months: 12 } },
              term: { element: 'creditTermMonths' },
            },
          },
        },
      )
      const published = await post('/v1/models', officerKey, {
        purpose: 'credit_application',
        model: mixed,
        reasons: 'x',
      })
      assert.equal(published.statusCode, 201, published.body)
      const missing = await ask({ model: 'bureau-and-application' })
      assert.equal(body(missing.body).code, 'score.bad_features')
      assert.deepEqual(
        (body(missing.body).errors as { pointer: string }[]).map((e) => e.pointer),
        ['/features/term'],
      )
      const res = await ask({ model: 'bureau-and-application', features: { term: 36 } })
      assert.equal(res.statusCode, 200, res.body)
      assert.deepEqual((body(res.body) as { values: unknown }).values, { term: 36, worst_delay_12m: 0 })
      const mine = body(
        (await app.inject({ method: 'GET', url: '/v1/me/scores', headers: await subjectHeaders() })).body,
      ).scores as { values: { label: { en: string }; value: { en: string }; fromFile: boolean }[] }[]
      assert.deepEqual(
        mine[0]!.values.map((v) => [v.label.en, v.value.en, v.fromFile]),
        [
          ['Term (months)', '36', false],
          ['Longest delay in the last 12 months, in months', 'never late', true],
        ],
      )
    })

    test('the sample fits a model: the columns are the spec, the outcome its target', async () => {
      const characteristics = sampleCharacteristics(model, 'model.json')
      assert.deepEqual(Object.keys(characteristics).sort(), Object.keys(spec.columns).sort())
      const sample = await buildSample(db().db, clock.now(), { asOf: '2026-06-01', outcomeMonths: 12, characteristics })
      const problems = (await import('../src/modules/scoring/index.ts')).resolveSpec(
        spec,
        sample.columns,
        'bad',
        loadProtectedList(),
      )
      assert.ok(!Array.isArray(problems), JSON.stringify(problems))
    })
  },
)
