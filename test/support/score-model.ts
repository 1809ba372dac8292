import type { App } from '../../src/app.ts'
import type { Database } from '../../src/db/database.ts'
import { addRelyingParty, grantConsent } from '../../src/modules/access/index.ts'
import type { Clock } from '../../src/platform/clock.ts'
import {
  fitScorecard,
  loadProtectedList,
  seededRandom,
  type FitOptions,
  type ScorecardModel,
} from '../../src/modules/scoring/index.ts'

/** A small book of credit files: months past due and the share of the limit in use raise the risk, inquiries a little. */
/** A card fitted on a generated book; `fit` adds to the fit's options (a boosted card with pairs, say). */
export function fittedModel(name: string, fit: Partial<FitOptions> = {}): ScorecardModel {
  const random = seededRandom(21)
  const rows: string[][] = []
  for (let i = 0; i < 4000; i++) {
    const delays = Math.floor(random() * 4)
    const utilisation = Math.round(random() * 100) / 100
    const inquiries = Math.floor(random() * 6)
    const logit = -2 + 0.8 * delays + 1.5 * utilisation + 0.2 * inquiries
    rows.push([
      String(delays),
      String(Math.round(utilisation * 10000)),
      '10000',
      String(inquiries),
      String(20 + (i % 50)),
      random() < 1 / (1 + Math.exp(-logit)) ? '1' : '0',
    ])
  }
  return fitScorecard(
    { columns: ['months_past_due', 'balance', 'limit', 'inquiries_12m', 'age', 'bad'], rows },
    {
      target: 'bad',
      name,
      protectedList: loadProtectedList(),
      spec: {
        columns: {
          months_past_due: { element: 'monthlyRepaymentStatus', month: 1 },
          balance: { element: 'outstandingBalance' },
          limit: { element: 'creditLimitOrPrincipal' },
          inquiries_12m: { element: 'lenderInquiries12Months' },
          age: { protected: 'age' },
        },
        derived: [{ name: 'utilisation', op: 'ratio', columns: ['balance', 'limit'] }],
        features: {
          months_past_due: { reason: 'Payments were late in recent months' },
          balance: { reason: 'A high balance owed' },
          utilisation: { reason: 'Much of the credit limit is in use' },
          inquiries_12m: { reason: 'Many recent applications for credit', inquiries: true },
        },
      },
      ...fit,
    },
  )
}

/** The person's consent to `relyingParty` scoring them for a credit application, until the end of 2026. */
export async function consentToScore(
  database: Database,
  clock: Clock,
  subjectId: string,
  relyingParty: string,
): Promise<void> {
  await grantConsent(
    database,
    clock,
    { type: 'officer', id: 'test' },
    {
      subjectId,
      relyingParty,
      purpose: 'credit_application',
      expiresAt: new Date('2026-12-31T00:00:00Z'),
      evidence: 'signed form 2026-0601-3',
    },
  )
}

/** POST a JSON body with an API key. */
export const postWith = (app: () => App) => (url: string, key: string, payload: unknown) =>
  app().inject({
    method: 'POST',
    url,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    payload: JSON.stringify(payload),
  })

/** A lender that may ask for scores for credit applications (闽江商业银行), named `name`: its API key. */
export async function addLender(database: Database, clock: Clock, name: string): Promise<string> {
  return (
    await addRelyingParty(
      database,
      clock,
      { type: 'operator', id: 'test' },
      { name, displayName: '闽江商业银行', partyType: 'lender', purposes: ['credit_application'] },
    )
  ).apiKey
}
