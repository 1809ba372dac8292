/**
 * The demo's lending scorecard: fitted at start from a seeded synthetic book of credit files (six months of
 * repayment status, the credit limit and the balance, lenders' recent inquiries; the applicant's age is in the
 * book only as an audit-only column), then published for credit applications — so that POST /v1/scores works
 * on a fresh `npm start`. Every column is a finance element of the dictionary, as for any scorecard.
 */
import {
  fitScorecard,
  loadProtectedList,
  type FeatureSpec,
  type ModelSpec,
  type ScorecardModel,
} from '../modules/scoring/index.ts'
import { seededRandom } from '../platform/random.ts'

const MONTHS = 6
const STATUS = Array.from({ length: MONTHS }, (_, k) => `status_${k + 1}`)
const WHEN = [
  '最近一个月 in the latest month',
  '前一个月 in the month before the latest',
  '两个月前 two months before the latest',
  '三个月前 three months before the latest',
  '四个月前 four months before the latest',
  '五个月前 five months before the latest',
]

const spec: ModelSpec = {
  columns: {
    ...Object.fromEntries(STATUS.map((c, k) => [c, { element: 'monthlyRepaymentStatus', month: k + 1 }])),
    limit: { element: 'creditLimitOrPrincipal' },
    balance: { element: 'outstandingBalance' },
    inquiries_12m: { element: 'lenderInquiries12Months' },
    age: { protected: 'age' },
  },
  features: {
    ...Object.fromEntries(
      STATUS.map((c, k): [string, FeatureSpec] => {
        const [zh, en] = WHEN[k]!.split(/ (.*)/)
        return [c, { reason: `${zh}有逾期还款 Late payment ${en}` }]
      }),
    ),
    limit: { reason: '授信额度较低 A low credit limit' },
    balance: { reason: '欠款余额较高 A high balance owed' },
    months_late_6m: { reason: '过去6个月有逾期还款 Late payments in the last six months' },
    utilisation: { reason: '信用额度使用率高 Much of the credit limit is in use' },
    inquiries_12m: { reason: '近期信贷申请较多 Many recent applications for credit', inquiries: true },
  },
  derived: [
    { name: 'months_late_6m', op: 'countAbove', columns: STATUS, threshold: 0 },
    { name: 'utilisation', op: 'ratio', columns: ['balance', 'limit'] },
  ],
}

export function demoScorecard(seed = 2026): ScorecardModel {
  const random = seededRandom(seed)
  const rows: string[][] = []
  for (let i = 0; i < 6000; i++) {
    const lateness = -Math.log(1 - random()) * 0.15
    const status = STATUS.map(() => (random() < lateness ? 1 + Math.floor(random() * 2) : random() < 0.5 ? -1 : 0))
    const late = status.filter((s) => s > 0).length
    const limit = 5000 + Math.round(random() * 95) * 1000
    const utilisation = Math.round(random() * 110) / 100
    const inquiries = Math.floor(random() * 7)
    const logit = -2.6 + 0.7 * late + 1.6 * utilisation + 0.18 * inquiries - limit / 200000
    rows.push([
      ...status.map(String),
      String(limit),
      String(Math.round(limit * utilisation)),
      String(inquiries),
      String(20 + Math.floor(random() * 50)),
      random() < 1 / (1 + Math.exp(-logit)) ? '1' : '0',
    ])
  }
  return fitScorecard(
    { columns: [...STATUS, 'limit', 'balance', 'inquiries_12m', 'age', 'bad'], rows },
    {
      target: 'bad',
      name: 'fides-demo-retail',
      protectedList: loadProtectedList(),
      seed,
      spec,
    },
  )
}
