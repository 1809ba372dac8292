/**
 * The demo's lending scorecard: fitted at start from a seeded synthetic repayment book (months with a
 * late payment, credit-limit utilisation, recent applications for credit, age of the oldest account;
 * the applicant's age is in the book only as an audit column), then published for credit
 * applications — so that POST /v1/scores works on a fresh `npm start`.
 */
import { fitScorecard, loadProtectedList, type ScorecardModel } from '../modules/scoring/index.ts'
import { seededRandom } from '../platform/random.ts'

export function demoScorecard(seed = 2026): ScorecardModel {
  const random = seededRandom(seed)
  const rows: string[][] = []
  for (let i = 0; i < 6000; i++) {
    const late = Math.min(6, Math.floor(-Math.log(1 - random()) * 0.9))
    const utilisation = Math.round(random() * 110) / 100
    const inquiries = Math.floor(random() * 7)
    const oldest = Math.floor(random() * 240)
    const logit = -2.6 + 0.7 * late + 1.6 * utilisation + 0.18 * inquiries - oldest / 150
    rows.push([String(late), String(utilisation), String(inquiries), String(oldest), String(20 + Math.floor(random() * 50)), random() < 1 / (1 + Math.exp(-logit)) ? '1' : '0'])
  }
  return fitScorecard({ columns: ['months_late_12m', 'utilisation', 'inquiries_12m', 'oldest_account_months', 'age', 'bad'], rows }, {
    target: 'bad', name: 'fides-demo-retail', auditOnly: ['age'], protectedList: loadProtectedList(), seed,
    spec: {
      features: {
        months_late_12m: { reason: '过去12个月有逾期还款 Late payments in the last 12 months' },
        utilisation: { reason: '信用额度使用率高 Much of the credit limit is in use' },
        inquiries_12m: { reason: '近期信贷申请较多 Many recent applications for credit', inquiries: true },
        oldest_account_months: { reason: '信用历史较短 A short credit history' },
      },
    },
  })
}
