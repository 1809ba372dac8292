import { test } from 'node:test'
import assert from 'node:assert/strict'
import { errorStatus } from '../src/platform/app-error.ts'
import { formState, problemText } from '../src/portal/http.ts'
import { chinaTime } from '../src/portal/i18n.ts'
import { PROBLEM_WORDS, ruleText } from '../src/portal/problems.ts'
import { recordFieldOf, recordFromForm } from '../src/portal/record-form.ts'
import type { PublishedElement } from '../src/modules/catalogue/index.ts'
import { recordsContext, testApp } from './support/context.ts'
import { describeEachEngine } from './support/databases.ts'

const problem = (code: string, errors: unknown[] = []) =>
  JSON.stringify({
    type: `urn:fides:problem:${code}`,
    title: code,
    status: 400,
    detail: 'English detail',
    code,
    errors,
  })

test('every problem the API can answer has its sentence in both languages, without codes', () => {
  assert.deepEqual(Object.keys(PROBLEM_WORDS).sort(), Object.keys(errorStatus).sort())
  for (const [code, words] of Object.entries(PROBLEM_WORDS)) {
    const latin = (words.zh.match(/[A-Za-z]{2,}/g) ?? []).filter(
      (w) => !['PDF', 'PNG', 'JPEG', 'UTF', 'https'].includes(w),
    )
    assert.deepEqual(latin, [], `${code}: English in the Chinese sentence`)
    assert.doesNotMatch(words.en, /\p{Script=Han}/u, `${code}: Chinese in the English sentence`)
    assert.doesNotMatch(`${words.zh} ${words.en}`, /[a-z]+[._][a-z]+|\/body|\bP\d/, `${code}: a code in its sentence`)
  }
})

test('a refusal reads as sentences in the reader language: no pointer, no code, no schema English', () => {
  const body = problem('request.invalid', [
    {
      pointer: '/body/statement',
      detail: 'must NOT have fewer than 1 characters',
      rule: { keyword: 'minLength', limit: 1 },
    },
  ])
  for (const lang of ['zh', 'en'] as const) {
    const text = problemText(body, lang)
    assert.doesNotMatch(text, /\/body|statement|must NOT|request\.invalid|English detail/)
    assert.ok(text.length > 0)
  }
  assert.match(problemText(body, 'zh'), /请填写这一项/)
  assert.equal(problemText('not json', 'en'), 'Something went wrong; please try again later.')
})

test("a record typed field by field reads back as the record the API takes, and the API's pointers find their fields", () => {
  const element = (code: string, type: string, values: string[] = []): PublishedElement =>
    ({ code, type, required: false, values: values.map((v) => ({ code: v, zh: v, en: v })), bounds: {} }) as never
  const elements = new Map(
    [
      element('fineAmount', 'amount'),
      element('penaltyTypes', 'codes', ['fine', 'warning']),
      element('isSerious', 'boolean'),
      element('balances', 'monthly_series'),
      element('summary', 'text'),
    ].map((e) => [e.code, e]),
  )
  const record = recordFromForm(
    {
      'r.residentId': ' 11010519491231002x ',
      'r.name': '张三',
      'r.decidedOn': '2026-05-01',
      'r.conductEndedOn': '',
      'f.fineAmount': '１２,０００.５',
      'f.penaltyTypes.fine': 'on',
      'f.isSerious': 'false',
      'f.balances': '100, 200 三百',
      'f.summary': '',
    },
    elements,
    { kind: 'admin_penalty_general', sourceRecordId: 'PEN-1', subject: { person: true } },
  )
  assert.deepEqual(record, {
    sourceRecordId: 'PEN-1',
    kind: 'admin_penalty_general',
    subject: { residentId: '11010519491231002X', name: '张三' },
    decidedOn: '2026-05-01',
    conductEndedOn: null,
    fields: { fineAmount: 12000.5, penaltyTypes: ['fine'], isSerious: false, balances: [100, 200, '三百'] },
  })
  assert.deepEqual(
    ['/record/fields/fineAmount', '/fields/fineAmount', '/record/subject/residentId', '/decidedOn', '/record'].map(
      recordFieldOf,
    ),
    ['f.fineAmount', 'f.fineAmount', 'r.residentId', 'r.decidedOn', undefined],
  )
})

test('a refused form keeps what was typed and puts each sentence at its field', () => {
  const body = problem('request.invalid', [
    { pointer: '/body/reasons', detail: 'x', rule: { keyword: 'maxLength', limit: 2000 } },
    { pointer: '/body/evidence/0/documentId', detail: 'x', rule: { keyword: 'format', format: 'uuid' } },
  ])
  const state = formState('en', 'objection', { reasons: 'what I typed', evidence: 'a letter' }, body)
  assert.equal(state.values.reasons, 'what I typed')
  assert.equal(state.errors.reasons, 'At most 2000 characters: please shorten it.')
  assert.equal(state.errors.evidence, 'This is not in the right form: please check it.')
  assert.equal(state.message, PROBLEM_WORDS['request.invalid'].en)
  assert.equal(ruleText('zh', { keyword: 'minLength', limit: 12 }), '请至少写 12 个字。')
})

test('times read in China time and say so', () => {
  assert.equal(chinaTime('zh', '2026-12-04T17:30:00Z'), '2026-12-05 01:30 北京时间')
  assert.equal(chinaTime('en', '2026-12-04T17:30:00.000Z'), '2026-12-05 01:30 China time')
})

describeEachEngine('problems name the rule a field broke', (db) => {
  test('a missing field says required; a weak password its length; no English to parse', async () => {
    const app = await testApp(await recordsContext(db(), '2026-06-01T02:00:00Z'))
    try {
      const missing = await app.inject({ method: 'POST', url: '/v1/public/search', payload: {} })
      assert.equal(missing.statusCode, 400, missing.body)
      const rules = missing.json<{ errors: { rule?: { keyword: string } }[] }>().errors.map((e) => e.rule?.keyword)
      assert.ok(rules.includes('required'), missing.body)
      const weak = await app.inject({
        method: 'POST',
        url: '/v1/accounts',
        payload: { username: 'someone', password: 'short', displayName: 'S', subject: { uscc: '91350100M000100Y43' } },
      })
      assert.equal(weak.statusCode, 422, weak.body)
      assert.deepEqual(weak.json<{ errors: { rule?: unknown }[] }>().errors[0]?.rule, {
        keyword: 'minLength',
        limit: 12,
      })
    } finally {
      await app.close()
    }
  })
})
