/**
 * bench/scoring/speed.ts: how fast a scorecard is fitted and applied. Generates a synthetic book of
 * 150 k applicants × 10 features (seeded: 6 numeric, 4 categorical, 3 % missing, risk from a known
 * logistic model; each column a finance element, as the spec below maps it), fits it (binning, IV, logistic regression, points) and scores 1 M generated
 * applicants with the fitted model: each row's score and its reasons, as POST /v1/scores gives them.
 *   npx node bench/scoring/speed.ts [--fit-rows 150000] [--score-rows 1000000] [--seed 1]
 * Goals (issue 7): fit <= 30 s, score 1 M <= 10 s; (issue 19) the boosted fit (--method boosted) <= 30 s.
 */
import { parseArgs } from 'node:util'
import {
  fitScorecard,
  fitTuned,
  loadProtectedList,
  scorer,
  seededRandom,
  type ModelSpec,
  type Table,
} from '../../src/modules/scoring/index.ts'

const { values } = parseArgs({
  options: {
    'fit-rows': { type: 'string', default: '150000' },
    'score-rows': { type: 'string', default: '1000000' },
    seed: { type: 'string', default: '1' },
  },
})
const columns = ['n1', 'n2', 'n3', 'n4', 'n5', 'n6', 'c1', 'c2', 'c3', 'c4', 'bad']
const PURPOSES = ['housing', 'vehicle', 'education', 'business', 'consumption', 'other']
const HISTORY = ['none_or_all_repaid', 'all_repaid_here', 'repaying_as_agreed', 'past_delays', 'critical_account']
const PLANS = ['bank', 'store', 'none']
const SAVINGS = ['very_low', 'low', 'medium', 'high', 'none_or_unknown']
const spec: ModelSpec = {
  columns: {
    n1: { element: 'monthlyAmountRepaid', month: 1 },
    n2: { element: 'creditLimitOrPrincipal' },
    n3: { element: 'monthlyRepaymentStatus', month: 1 },
    n4: { element: 'amountPastDue' },
    n5: { element: 'monthlyStatementBalance', month: 1 },
    n6: { element: 'openCreditsWithLender' },
    c1: { element: 'loanPurpose' },
    c2: { element: 'creditHistorySummary' },
    c3: { element: 'otherInstalmentPlans' },
    c4: { element: 'savingsBand' },
  },
}

function book(n: number, seed: number): Table {
  const random = seededRandom(seed)
  const rows: string[][] = new Array(n)
  for (let i = 0; i < n; i++) {
    const x = [
      random() * 100,
      random() * 1e5,
      Math.floor(random() * 10) - 1,
      random(),
      random() * 50,
      Math.floor(random() * 4),
    ]
    const c = [
      PURPOSES[Math.floor(random() * 6)]!,
      HISTORY[Math.floor(random() * 5)]!,
      PLANS[Math.floor(random() * 3)]!,
      SAVINGS[Math.floor(random() * 5)]!,
    ]
    const logit =
      -1.5 +
      0.02 * (x[0]! - 50) -
      0.00001 * (x[1]! - 5e4) +
      0.15 * x[2]! +
      0.8 * (x[3]! - 0.5) +
      (c[0] === 'housing' ? 0.7 : 0) +
      (c[2] === 'none' ? -0.4 : 0)
    const bad = random() < 1 / (1 + Math.exp(-logit)) ? '1' : '0'
    rows[i] = [...x.map((v) => (random() < 0.03 ? '' : String(Math.round(v * 100) / 100))), ...c, bad]
  }
  return { columns, rows }
}

const seed = Number(values.seed)
const fitRows = Number(values['fit-rows'])
const scoreRows = Number(values['score-rows'])
const log = (s: string) => process.stderr.write(s + '\n')
log(`generating ${fitRows} development rows and ${scoreRows} applicants ...`)
const dev = book(fitRows, seed)
const applicants = book(scoreRows, seed + 1)
let t = performance.now()
const model = fitScorecard(dev, { target: 'bad', protectedList: loadProtectedList(), spec, seed })
const fitSeconds = (performance.now() - t) / 1000
log(
  `fit ${fitRows} rows x 10 features: ${fitSeconds.toFixed(2)} s (${model.features.length} features kept); goal <= 30 s: ${fitSeconds <= 30 ? 'met' : 'MISSED'}`,
)
t = performance.now()
const boosted = fitScorecard(dev, { target: 'bad', protectedList: loadProtectedList(), spec, seed, method: 'boosted' })
const boostedSeconds = (performance.now() - t) / 1000
log(
  `boosted fit (${boosted.boosting!.bags} bags, rounds ${boosted.boosting!.rounds.join(', ')}): ${boostedSeconds.toFixed(2)} s; goal <= 30 s: ${boostedSeconds <= 30 ? 'met' : 'MISSED'}`,
)
t = performance.now()
const tuned = fitTuned(dev, { target: 'bad', protectedList: loadProtectedList(), spec, seed })
const tunedSeconds = (performance.now() - t) / 1000
log(
  `fit with --tune (a grid of ${tuned.tuning.auc.length} thresholds x ${tuned.tuning.folds} folds, then the fit): ${tunedSeconds.toFixed(2)} s; goal <= 30 s: ${tunedSeconds <= 30 ? 'met' : 'MISSED'}`,
)
t = performance.now()
const s = scorer(model)
const col = new Map(columns.map((c, i) => [c, i]))
let total = 0
let reasons = 0
for (const row of applicants.rows) {
  const r = s.score((c) => row[col.get(c)!])
  total += r.score
  reasons += r.reasons.length
}
const scoreSeconds = (performance.now() - t) / 1000
log(
  `scored ${scoreRows} applicants with reasons: ${scoreSeconds.toFixed(2)} s (${Math.round(scoreRows / scoreSeconds)} per s; mean score ${(total / scoreRows).toFixed(1)}, ${(reasons / scoreRows).toFixed(2)} reasons each); goal <= 10 s: ${scoreSeconds <= 10 ? 'met' : 'MISSED'}`,
)
console.log(
  JSON.stringify({
    fitRows,
    fitSeconds: +fitSeconds.toFixed(2),
    tunedFitSeconds: +tunedSeconds.toFixed(2),
    boostedFitSeconds: +boostedSeconds.toFixed(2),
    scoreRows,
    scoreSeconds: +scoreSeconds.toFixed(2),
  }),
)
