import { test } from 'node:test'
import assert from 'node:assert/strict'
import {
  characteristicName,
  characteristicProblem,
  characteristicValueText,
  computeCharacteristic,
  outcomeOf,
  type FileAsOf,
} from './characteristics.ts'
import { resolveSpec, loadProtectedList } from './features.ts'

const card = {
  accountType: 'credit_card',
  openedOn: '2020-03-15',
  creditLimitOrPrincipal: 20000,
  currency: 'CNY',
  accountStatus: 'normal',
  // oldest first, the last for 2026-05: 30 and 60 days late in 2025-09 and 2025-10, 30 days late in 2026-02
  repaymentHistory: 'NNNNNNNNNNNNNNN12NNN1NNN',
  historyThrough: '2026-05',
  outstandingBalance: 15000,
  amountPastDue: 0,
}
const loan = {
  accountType: 'instalment_loan',
  openedOn: '2026-01-10',
  creditLimitOrPrincipal: 50000,
  currency: 'CNY',
  accountStatus: 'overdue',
  repaymentHistory: '/////////////////////NN1',
  historyThrough: '2026-05',
  outstandingBalance: 48000,
  amountPastDue: 2100.5,
}
const closed = {
  ...card,
  accountType: 'revolving_credit',
  openedOn: '2018-07-01',
  accountStatus: 'closed',
  repaymentHistory: 'NNNNNNNNNNNNNNNNNNNNNNCC',
}
const file: FileAsOf = {
  asOf: '2026-06-01',
  accounts: [card, loan, closed],
  inquiries: ['2025-05-30', '2025-06-02', '2026-05-20'],
}

test('each kind of characteristic, computed by hand from three credit accounts as of a date', () => {
  const value = (c: unknown) => computeCharacteristic(c as never, file)
  assert.equal(value({ kind: 'accountsOpened', months: 12 }), 1, 'the loan of 2026-01')
  assert.equal(value({ kind: 'accountsOpened', months: 3 }), 0)
  assert.equal(value({ kind: 'openAccounts' }), 2, 'the closed one does not count')
  assert.equal(value({ kind: 'monthsSinceDelinquency', daysPastDue: 30 }), 1, 'the loan was 30 days late in 2026-05')
  assert.equal(value({ kind: 'monthsSinceDelinquency', daysPastDue: 60 }), 8, '2025-10 was two months late')
  assert.equal(value({ kind: 'monthsSinceDelinquency', daysPastDue: 90 }), null, 'never 90 days late')
  assert.equal(value({ kind: 'worstDelinquency', months: 3 }), 1)
  assert.equal(value({ kind: 'worstDelinquency', months: 12 }), 2)
  assert.equal(value({ kind: 'revolvingUtilisation' }), 0.75, 'open revolving only: 15000 / 20000')
  assert.equal(value({ kind: 'oldestAccountMonths' }), 95, '2018-07-01 to 2026-06-01')
  assert.equal(value({ kind: 'totalAmountPastDue' }), 2100.5)
  assert.equal(value({ kind: 'lendingInquiries', months: 12 }), 2, 'a look 12 months and 2 days ago is out')
  // an account opened after the date is not there yet
  const earlier = computeCharacteristic({ kind: 'openAccounts' }, { ...file, asOf: '2025-12-31' })
  assert.equal(earlier, 1)
})

test('the list is closed: an unknown kind, a formula, a parameter off the list or one too many is refused', () => {
  assert.equal(characteristicProblem({ kind: 'accountsOpened', months: 12 }), undefined)
  assert.match(characteristicProblem({ kind: 'formula', expression: 'a/b' })!, /no characteristic kind "formula"/)
  assert.match(characteristicProblem({ kind: 'accountsOpened', months: 7 })!, /months is one of 3, 6, 12, 24/)
  assert.match(characteristicProblem({ kind: 'accountsOpened' })!, /months is one of/)
  assert.match(characteristicProblem({ kind: 'openAccounts', months: 12 })!, /no parameter months/)
  assert.match(characteristicProblem('numFriends')!, /a characteristic is/)
  // a spec maps a column to a characteristic, checked the same way
  const resolved = resolveSpec(
    {
      columns: {
        a: { characteristic: { kind: 'openAccounts' } },
        b: { characteristic: { kind: 'sumOf', columns: ['x'] } },
        c: { characteristic: { kind: 'openAccounts' } },
      },
    },
    ['a', 'b', 'c', 'bad'],
    'bad',
    loadProtectedList(),
  )
  assert.ok(Array.isArray(resolved))
  assert.deepEqual(
    resolved.map((p) => [p.code, p.column]),
    [
      ['model.bad_characteristic', 'b'],
      ['model.bad_mapping', 'c'],
    ],
  )
})

test('names and values read in both languages, without codes', () => {
  const c = { kind: 'monthsSinceDelinquency', daysPastDue: 60 } as const
  assert.deepEqual(characteristicName(c), {
    zh: '距最近一次逾期60天以上的月数',
    en: 'Months since a payment was last 60 days or more late',
  })
  assert.deepEqual(characteristicValueText(c, null).en, 'none in the months on file')
  assert.deepEqual(characteristicValueText({ kind: 'revolvingUtilisation' }, 0.75), { zh: '75.0%', en: '75.0 %' })
})

test('the outcome: 90 days past due after the date and within the window, never before it', () => {
  const late = { ...card, repaymentHistory: 'NNNNNNNNNNNNNNNNNNNNN123', historyThrough: '2026-09' }
  assert.equal(outcomeOf([late], '2026-06-01', 12), 1)
  assert.equal(outcomeOf([late], '2026-06-01', 2), 0, '90 days came in 2026-09, after a 2-month window')
  const before = { ...card, repaymentHistory: 'NNNNNNNNNNNNNNNNN3NNNNNN', historyThrough: '2026-09' }
  assert.equal(outcomeOf([before], '2026-06-01', 12), 0, 'the 90 days were in 2026-02, before the date')
})
