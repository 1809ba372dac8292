// Scorecard inputs are finance elements of the dictionary (issue 15): every column mapped, nothing else an input.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import fc from 'fast-check'
import { DATA_ELEMENTS, DICTIONARY_VERSION, type DataElement } from '../catalogue/index.ts'
import { loadProtectedList, resolveSpec, type ColumnMapping, type ModelSpec, type SpecProblem } from './features.ts'
import { seededRandom } from './metrics.ts'
import { checkModelFile, inputsOfModel } from './registry.ts'
import { fitScorecard, ModelError, type ScorecardModel, type Table } from './scorecard.ts'

const protectedList = loadProtectedList()
const shippedSpec = (name: string) =>
  JSON.parse(
    readFileSync(new URL(`../../../catalogue/scorecards/${name}.spec.json`, import.meta.url), 'utf8'),
  ) as ModelSpec
/** The headers of the development files in ../shared/data (german_credit.csv, UCI_Credit_Card.csv). */
const SHIPPED = [
  {
    spec: 'german-credit',
    target: 'bad',
    driver: 'duration_months',
    columns:
      'checking_status,duration_months,credit_history,purpose,credit_amount,savings_status,employment_since,installment_rate_pct_income,personal_status_sex,other_debtors,residence_since,property,age,other_installment_plans,housing,existing_credits,job,num_dependents,telephone,foreign_worker,class,bad'.split(
        ',',
      ),
  },
  {
    spec: 'taiwan-credit-card',
    target: 'default.payment.next.month',
    driver: 'PAY_0',
    columns:
      'ID,LIMIT_BAL,SEX,EDUCATION,MARRIAGE,AGE,PAY_0,PAY_2,PAY_3,PAY_4,PAY_5,PAY_6,BILL_AMT1,BILL_AMT2,BILL_AMT3,BILL_AMT4,BILL_AMT5,BILL_AMT6,PAY_AMT1,PAY_AMT2,PAY_AMT3,PAY_AMT4,PAY_AMT5,PAY_AMT6,default.payment.next.month'.split(
        ',',
      ),
  },
]

/** A book of a small credit file: the latest month's status drives the risk; the applicant's age is audit-only. */
const spec: ModelSpec = {
  columns: {
    status: { element: 'monthlyRepaymentStatus', month: 1 },
    status_before: { element: 'monthlyRepaymentStatus', month: 2 },
    limit: { element: 'creditLimitOrPrincipal' },
    balance: { element: 'outstandingBalance' },
    age: { protected: 'age' },
  },
  derived: [
    { name: 'utilisation', op: 'ratio', columns: ['balance', 'limit'] },
    { name: 'months_late', op: 'countAbove', columns: ['status', 'status_before'], threshold: 0 },
  ],
}
function book(n: number, seed = 1): Table {
  const random = seededRandom(seed)
  const rows = Array.from({ length: n }, () => {
    const status = Math.floor(random() * 5) - 2
    const limit = 1000 + Math.round(random() * 9000)
    const balance = Math.round(random() * limit)
    const logit = -1.5 + 0.7 * Math.max(0, status) + balance / limit
    return [
      String(status),
      String(Math.floor(random() * 4) - 2),
      String(limit),
      String(balance),
      String(20 + Math.floor(random() * 50)),
      random() < 1 / (1 + Math.exp(-logit)) ? '1' : '0',
    ]
  })
  return { columns: ['status', 'status_before', 'limit', 'balance', 'age', 'bad'], rows }
}
const table = book(1500)

/** The problems of `spec` over `columns` (target `bad`), or none. */
function problemsOf(s: unknown, columns: readonly string[] = table.columns): SpecProblem[] {
  const r = resolveSpec(s, columns, 'bad', protectedList)
  return Array.isArray(r) ? r : []
}
const withColumn = (name: string, mapping: ColumnMapping): SpecProblem[] =>
  problemsOf({ ...spec, columns: { ...spec.columns, [name]: mapping } }, [...table.columns, name])
function refuses(problems: SpecProblem[], code: SpecProblem['code'], column: string, ...words: string[]) {
  const found = problems.find((p) => p.code === code && p.column === column)
  assert.ok(found, `expected ${code} for ${JSON.stringify(column)}, got ${JSON.stringify(problems)}`)
  for (const w of words) assert.match(found.message, new RegExp(w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i'))
}
const fitRefused = (t: Table, s: ModelSpec, code: string, column: string) =>
  assert.throws(
    () => fitScorecard(t, { target: 'bad', protectedList, spec: s }),
    (e: unknown) => e instanceof ModelError && e.code === code && e.columns.includes(column),
  )

test("a book whose columns are all mapped fits; the model names each input's element and the dictionary's version", () => {
  assert.deepEqual(problemsOf(spec), [])
  const model = fitScorecard(table, { target: 'bad', protectedList, spec })
  assert.equal(model.dictionary, DICTIONARY_VERSION)
  assert.deepEqual(model.inputs.status, { element: 'monthlyRepaymentStatus', month: 1 })
  assert.deepEqual(model.auditOnly, ['age'])
  assert.deepEqual(model.features.find((f) => f.name === 'utilisation')?.elements, [
    { element: 'outstandingBalance' },
    { element: 'creditLimitOrPrincipal' },
  ])
  assert.deepEqual(checkModelFile(model, protectedList), [])
})

test('a column the spec does not map is refused, whatever its spelling (property)', () => {
  fc.assert(
    fc.property(fc.string({ minLength: 1, maxLength: 40 }), (name) => {
      fc.pre(!table.columns.includes(name))
      const problems = problemsOf(spec, [...table.columns, name])
      assert.deepEqual(
        problems.map((p) => [p.code, p.column]),
        [['model.unmapped_column', name]],
      )
    }),
    { numRuns: 300 },
  )
  // a mapped name with anything inserted, cased or spaced differently is another column, unmapped
  fc.assert(
    fc.property(
      fc.constantFrom(...Object.keys(spec.columns)),
      fc.constantFrom('\u200b', '\u00ad', ' ', '_', 'x', '\u2060', '\ufeff'),
      fc.nat(20),
      fc.boolean(),
      (column, insert, pos, upper) => {
        const i = pos % (column.length + 1)
        const name = upper ? column.toUpperCase() : column.slice(0, i) + insert + column.slice(i)
        fc.pre(name !== column)
        refuses(problemsOf(spec, [...table.columns, name]), 'model.unmapped_column', name, 'not mapped')
      },
    ),
    { numRuns: 200 },
  )
  // and fitting refuses it, naming it
  const extra: Table = {
    columns: [...table.columns, 'region'],
    rows: table.rows.map((r, i) => [...r, ['n', 's'][i % 2]!]),
  }
  fitRefused(extra, spec, 'model.unmapped_column', 'region')
})

test('an input mapped to an element outside the finance category is refused, for every such element (property)', () => {
  const others = [...DATA_ELEMENTS.values()].filter((e) => e.category !== 'finance')
  assert.ok(others.length > 20)
  fc.assert(
    fc.property(fc.constantFrom(...others), (e: DataElement) => {
      refuses(
        withColumn('x', { element: e.code }),
        'model.element_category',
        'x',
        e.code,
        e.category,
        'finance elements only',
      )
    }),
    { numRuns: 200 },
  )
  refuses(withColumn('notes', { element: 'summary' }), 'model.element_category', 'notes', 'summary', 'common')
  refuses(withColumn('tax', { element: 'taxCreditGrade' }), 'model.element_category', 'tax', 'taxCreditGrade', 'tax')
})

test('an input mapped to an element the dictionary does not have is refused, whatever its spelling (property)', () => {
  fc.assert(
    fc.property(fc.string({ minLength: 1, maxLength: 40 }), (code) => {
      fc.pre(!DATA_ELEMENTS.has(code) && !protectedList.attributes.some((a) => a.code === code))
      refuses(
        withColumn('x', { element: code }),
        'model.unknown_element',
        'x',
        'not an element of the data-element dictionary',
      )
    }),
    { numRuns: 300 },
  )
  // a finance element's code, respelt, is no element
  fc.assert(
    fc.property(
      fc.constantFrom(...[...DATA_ELEMENTS.values()].filter((e) => e.category === 'finance').map((e) => e.code)),
      fc.constantFrom('\u200b', ' ', '_', 'S'),
      fc.nat(30),
      (code, insert, pos) => {
        const i = pos % (code.length + 1)
        refuses(withColumn('x', { element: code.slice(0, i) + insert + code.slice(i) }), 'model.unknown_element', 'x')
      },
    ),
    { numRuns: 100 },
  )
})

test("a protected attribute is never an input: not as an element, not through a derived feature, a feature's settings or a segment", () => {
  for (const a of protectedList.attributes)
    refuses(withColumn('x', { element: a.code }), 'model.protected_feature', 'x', a.code, 'never an input')
  refuses(
    problemsOf({ ...spec, derived: [{ name: 'old', op: 'max', columns: ['status', 'age'] }] }),
    'model.protected_feature',
    'old',
    'age',
  )
  refuses(problemsOf({ ...spec, features: { age: { reason: 'too old' } } }), 'model.protected_feature', 'age')
  refuses(withColumn('x', { protected: 'postcode' }), 'model.bad_mapping', 'x', 'not one: "postcode"')
  refuses(
    withColumn('x', { protected: 'age', element: 'outstandingBalance' } as unknown as ColumnMapping),
    'model.bad_mapping',
    'x',
  )
})

test("the issue's inputs are refused: num_friends, party_member, dob, wechat_contacts", () => {
  for (const name of [
    'num_friends',
    'party_member',
    'dob',
    'wechat_contacts',
    'numFriends',
    'partyMember',
    'wechatContacts',
    'dateOfBirth',
  ]) {
    // a column the spec leaves out
    refuses(problemsOf(spec, [...table.columns, name]), 'model.unmapped_column', name)
    // an element of its own name: the dictionary has none
    refuses(withColumn(name, { element: name }), 'model.unknown_element', name)
    // dressed as another field's element
    refuses(withColumn(name, { element: 'summary' }), 'model.element_category', name)
  }
  // dressed as a finance element a scorecard cannot bin: a date, an identifier, a coded string
  refuses(withColumn('dob', { element: 'openedOn' }), 'model.element_type', 'dob', 'date')
  refuses(
    withColumn('wechat_contacts', { element: 'accountNumber' }),
    'model.element_type',
    'wechat_contacts',
    'identifier',
  )
  refuses(withColumn('num_friends', { element: 'repaymentHistory' }), 'model.element_type', 'num_friends')
  // and fitting refuses each, naming it
  for (const name of ['num_friends', 'party_member', 'dob', 'wechat_contacts']) {
    const t: Table = { columns: [...table.columns, name], rows: table.rows.map((r, i) => [...r, String(i % 7)]) }
    fitRefused(t, spec, 'model.unmapped_column', name)
    fitRefused(t, { ...spec, columns: { ...spec.columns, [name]: { element: name } } }, 'model.unknown_element', name)
  }
})

test('a mapping names a month of a series, codes of the element, each element once, columns the file has', () => {
  refuses(withColumn('x', { element: 'monthlyStatementBalance' }), 'model.bad_mapping', 'x', 'name the month')
  refuses(
    withColumn('x', { element: 'monthlyStatementBalance', month: 25 }),
    'model.bad_mapping',
    'x',
    '1 (the latest) to 24',
  )
  refuses(
    withColumn('x', { element: 'outstandingBalance', month: 1 }),
    'model.bad_mapping',
    'x',
    'not a monthly series',
  )
  refuses(
    withColumn('x', { element: 'loanPurpose', values: { A43: 'radio_television' } }),
    'model.bad_mapping',
    'x',
    'codes of loanPurpose',
  )
  refuses(
    withColumn('x', { element: 'creditLimitOrPrincipal', values: { a: 'b' } }),
    'model.bad_mapping',
    'x',
    'not a coded element',
  )
  refuses(
    withColumn('x', { element: 'monthlyRepaymentStatus', month: 1 }),
    'model.bad_mapping',
    'x',
    'mapped from status already',
  )
  refuses(withColumn('x', { ignored: '' }), 'model.bad_mapping', 'x', 'why')
  refuses(
    problemsOf({ ...spec, columns: { ...spec.columns, gone: { ignored: 'not there' } } }),
    'model.bad_mapping',
    'gone',
    'no such column',
  )
  refuses(
    problemsOf({ ...spec, columns: { ...spec.columns, bad: { element: 'amountPastDue' } } }),
    'model.bad_mapping',
    'bad',
    'the target',
  )
  refuses(problemsOf({ features: {} }), 'model.bad_mapping', '', 'under "columns"')
  // a derived feature reads inputs only
  refuses(
    problemsOf(
      {
        ...spec,
        columns: { ...spec.columns, x: { ignored: 'not read' } },
        derived: [{ name: 'd', op: 'sum', columns: ['limit', 'x'] }],
      },
      [...table.columns, 'x'],
    ),
    'model.bad_derivation',
    'd',
    'x is not an input',
  )
})

test('the data must fit its element: a negative repaid amount, a status off the scale or an untranslated code is refused', () => {
  const t = (values: string[]): Table => ({
    columns: [...table.columns, 'x'],
    rows: table.rows.map((r, i) => [...r, values[i % values.length]!]),
  })
  fitRefused(
    t(['10', '-5']),
    { ...spec, columns: { ...spec.columns, x: { element: 'monthlyAmountRepaid', month: 1 } } },
    'model.bad_value',
    'x',
  )
  fitRefused(
    t(['1', '12']),
    { ...spec, columns: { ...spec.columns, x: { element: 'monthlyRepaymentStatus', month: 3 } } },
    'model.bad_value',
    'x',
  )
  fitRefused(
    t(['A40', 'A43']),
    { ...spec, columns: { ...spec.columns, x: { element: 'loanPurpose', values: { A40: 'vehicle' } } } },
    'model.bad_value',
    'x',
  )
  // a statement balance may be negative (a credit balance); a missing value is missing
  const ok = fitScorecard(t(['-120', '300', '']), {
    target: 'bad',
    protectedList,
    spec: { ...spec, columns: { ...spec.columns, x: { element: 'monthlyStatementBalance', month: 1 } } },
  })
  assert.equal(ok.inputs.x?.element, 'monthlyStatementBalance')
  // a code of the file outside the element's range (-7: no delinquency to count the months since) is refused,
  // unless the spec declares it a special value of the feature: then it is binned apart
  const since = { ...spec.columns, x: { element: 'monthsSinceLastDelinquency' } }
  fitRefused(t(['-7', '12', '3']), { ...spec, columns: since }, 'model.bad_value', 'x')
  const special = fitScorecard(t(['-7', '12', '3']), {
    target: 'bad',
    protectedList,
    spec: { ...spec, columns: since, features: { ...spec.features, x: { special: [-7] } } },
  })
  assert.equal(special.inputs.x?.element, 'monthsSinceLastDelinquency')
})

test('publishing checks the file again: an input edited to a non-finance element, a protected attribute or unmapped is refused', () => {
  const model = fitScorecard(table, { target: 'bad', protectedList, spec })
  const index = model.features.findIndex((f) => !f.derived)
  const feature = model.features[index]!.name
  const edit = (fn: (m: ScorecardModel) => void) => {
    const m = structuredClone(model)
    fn(m)
    return checkModelFile(m, protectedList)
  }
  const kinds = (problems: ReturnType<typeof checkModelFile>) => problems.map((p) => p.kind)
  // (the feature's elements no longer match its input either)
  assert.deepEqual(
    kinds(
      edit((m) => {
        m.inputs[feature] = { element: 'summary' }
      }),
    ),
    ['input', 'shape'],
  )
  assert.deepEqual(
    kinds(
      edit((m) => {
        m.inputs[feature] = { element: 'age' }
      }),
    ),
    ['protected', 'shape'],
  )
  assert.ok(
    kinds(
      edit((m) => {
        Reflect.deleteProperty(m.inputs, feature)
      }),
    ).includes('input'),
  )
  assert.ok(
    kinds(
      edit((m) => {
        m.features[index]!.name = 'marital_status'
      }),
    ).includes('protected'),
  )
  assert.ok(
    kinds(
      edit((m) => {
        m.auditOnly.push(feature)
      }),
    ).includes('protected'),
  )
  assert.deepEqual(
    edit((m) => {
      m.features[0]!.elements = [{ element: 'amountPastDue' }]
    }).map((p) => p.pointer),
    ['/model/features/0/elements'],
  )
  assert.deepEqual(
    kinds(
      edit((m) => {
        ;(m as { dictionary?: string }).dictionary = undefined
      }),
    ),
    ['shape'],
  )
  assert.deepEqual(
    inputsOfModel(model).filter((c) => !(c in model.inputs)),
    [],
  )
})

/** Rows in the codes and ranges the spec's elements expect: what the shipped development files hold. */
function rowsFor(s: ModelSpec, columns: readonly string[], target: string, driver: string, n: number): Table {
  const random = seededRandom(5)
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!
  const rows = Array.from({ length: n }, () => {
    let risk = 0
    const row = columns.map((c) => {
      if (c === target) return ''
      const m = s.columns[c]!
      if (!('element' in m)) return pick(['1', '2', 'A'])
      const v = DATA_ELEMENTS.get(m.element)!.value
      const item = v.type === 'monthly_series' ? v.item : v
      let value: string
      if (item.type === 'code') value = pick(Object.keys(m.values ?? item.values))
      else if (item.type === 'level')
        value = String(item.minimum + Math.floor(random() * (item.maximum - item.minimum + 1)))
      else if (item.type === 'count') value = String(item.minimum + 1 + Math.floor(random() * 3))
      else if (item.type === 'amount')
        value = String(Math.round(('signed' in item && item.signed ? -500 : 0) + random() * 20000))
      else throw new Error(`${c}: ${item.type}`)
      if (c === driver) risk = Number(value)
      return value
    })
    row[columns.indexOf(target)] = random() < 1 / (1 + Math.exp(-(-1 + 0.05 * risk))) ? '1' : '0'
    return row
  })
  return { columns: [...columns], rows }
}

test('the shipped specs map every column of their development files and fit', () => {
  for (const shipped of SHIPPED) {
    const s = shippedSpec(shipped.spec)
    const resolved = resolveSpec(s, shipped.columns, shipped.target, protectedList)
    assert.ok(!Array.isArray(resolved), `${shipped.spec}: ${JSON.stringify(resolved)}`)
    for (const [column, input] of Object.entries(resolved.inputs))
      assert.equal(DATA_ELEMENTS.get(input.element)?.category, 'finance', column)
    const model = fitScorecard(rowsFor(s, shipped.columns, shipped.target, shipped.driver, 3000), {
      target: shipped.target,
      protectedList,
      spec: s,
      minIv: 0,
    })
    assert.ok(model.features.length > 0)
    assert.deepEqual(checkModelFile(model, protectedList), [], shipped.spec)
  }
  // employment, housing, residence, telephone, job and property are not read; deposits only with consent
  const german = shippedSpec('german-credit').columns
  for (const c of ['employment_since', 'residence_since', 'property', 'housing', 'job', 'telephone'])
    assert.ok('ignored' in german[c]!, c)
  for (const c of ['checking_status', 'savings_status']) {
    const m = german[c]!
    assert.ok('element' in m && DATA_ELEMENTS.get(m.element)?.personsNeedConsent === true, c)
  }
  assert.deepEqual(
    Object.entries(german)
      .filter(([, m]) => 'protected' in m)
      .map(([c]) => c),
    ['personal_status_sex', 'age', 'num_dependents', 'foreign_worker'],
  )
})
