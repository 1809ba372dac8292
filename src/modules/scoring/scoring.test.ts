import { test } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import { binCategorical, binIndex, binNumeric } from './binning.ts'
import { loadProtectedList, type ModelSpec } from './features.ts'
import { fitLogistic } from './logistic.ts'
import { auc, aucDeLong, brierScore, ks, psi, seededRandom, stratifiedFolds } from './metrics.ts'
import { fitScorecard, ModelError, modelText, scorer, scoreTable, type Table } from './scorecard.ts'
import { checkModelFile } from './registry.ts'
import { reportHtml, validate } from './report.ts'

const protectedList = loadProtectedList()

/**
 * A synthetic applicant book of credit-file elements: risk falls with the credit limit, rises with the months past
 * due in the latest month and with recent inquiries, and is higher for consumer credit (`c` in the lender's own
 * purpose codes); `sex` is unrelated noise, audit-only.
 */
function book(n: number, seed: number): Table {
  const random = seededRandom(seed)
  const rows: string[][] = []
  for (let i = 0; i < n; i++) {
    const limit = Math.round(1000 + random() * 9000)
    const delays = Math.floor(random() * 5)
    const purpose = ['h', 'c', 'v', 'b'][Math.floor(random() * 4)]!
    const inquiries = Math.floor(random() * 6)
    const logit = -1 - (limit - 5500) / 2500 + 0.6 * delays + (purpose === 'c' ? 1.2 : 0) + 0.15 * inquiries
    const bad = random() < 1 / (1 + Math.exp(-logit)) ? '1' : '0'
    rows.push([
      String(i + 1),
      String(limit),
      random() < 0.05 ? '' : String(delays),
      purpose,
      String(inquiries),
      random() < 0.5 ? 'F' : 'M',
      bad,
    ])
  }
  return { columns: ['id', 'limit', 'delays', 'purpose', 'inquiries_12m', 'sex', 'bad'], rows }
}

/** The book's columns as elements of the dictionary. */
const spec: ModelSpec = {
  columns: {
    id: { ignored: 'row number' },
    limit: { element: 'creditLimitOrPrincipal' },
    delays: { element: 'monthlyRepaymentStatus', month: 1 },
    purpose: { element: 'loanPurpose', values: { h: 'housing', c: 'consumption', v: 'vehicle', b: 'business' } },
    inquiries_12m: { element: 'lenderInquiries12Months' },
    sex: { protected: 'sex' },
  },
}

test('AUC, KS and PSI on known cases', () => {
  assert.equal(auc([3, 4, 1, 2], [0, 0, 1, 1]), 1)
  assert.equal(auc([1, 2, 3, 4], [0, 0, 1, 1]), 0)
  assert.equal(auc([1, 1, 1, 1], [0, 1, 0, 1]), 0.5)
  assert.equal(auc([2, 1, 3, 4], [0, 1, 1, 0]), 0.75)
  assert.equal(ks([3, 4, 1, 2], [0, 0, 1, 1]).ks, 1)
  assert.equal(psi([1, 2, 3, 4], [1, 2, 3, 4], [2.5]).psi, 0)
  assert.ok(psi([1, 1, 1, 4], [4, 4, 4, 1], [2.5]).psi > 0.5)
})

test("the Brier score and the AUC's DeLong interval on an example computed by hand", () => {
  // goods score 3 and 4, bads 1 and 3: of the four good-bad pairs, three ordered right and one tie, AUC 3.5 / 4
  // each good's share of the pairs: (1 + 0.5) / 2 = 0.75 and 1; each bad's: 1 and 0.75; both variances 0.03125,
  // so the AUC's variance is 0.03125 / 2 + 0.03125 / 2 = 0.03125 and its standard error 0.176777
  const small = aucDeLong([3, 4, 1, 3], [0, 0, 1, 1])
  assert.equal(small.auc, 0.875)
  assert.ok(Math.abs(small.standardError - Math.sqrt(0.03125)) < 1e-12)
  assert.ok(Math.abs(small.low - (0.875 - 1.959963984540054 * Math.sqrt(0.03125))) < 1e-12)
  assert.equal(small.high, 1, 'cut to 1')
  // goods 2, 4, 6; bads 1, 3, 5: pairs ordered right 6 of 9, AUC 2/3; goods' shares 1/3, 2/3, 1 (variance 1/9),
  // bads' 1, 2/3, 1/3 (variance 1/9): variance 1/27 + 1/27 = 2/27
  const odd = aucDeLong([2, 4, 6, 1, 3, 5], [0, 0, 0, 1, 1, 1])
  assert.ok(Math.abs(odd.auc - 2 / 3) < 1e-12)
  assert.ok(Math.abs(odd.standardError - Math.sqrt(2 / 27)) < 1e-12)
  assert.equal(odd.auc, auc([2, 4, 6, 1, 3, 5], [0, 0, 0, 1, 1, 1]))
  // Brier: (0.1 - 0)² + (0.8 - 1)² + (0.4 - 0)² + (0.5 - 1)² = 0.01 + 0.04 + 0.16 + 0.25, over 4
  assert.ok(Math.abs(brierScore([0.1, 0.8, 0.4, 0.5], [0, 1, 0, 1]) - 0.115) < 1e-12)
})

test('AUC is the share of good-bad pairs ordered right (property, against the pairwise definition)', () => {
  fc.assert(
    fc.property(
      fc.array(fc.tuple(fc.integer({ min: 0, max: 20 }), fc.boolean()), { minLength: 2, maxLength: 60 }),
      (pairs) => {
        const scores = pairs.map((p) => p[0])
        const bad = pairs.map((p) => (p[1] ? 1 : 0))
        let right = 0
        let all = 0
        for (let i = 0; i < pairs.length; i++)
          for (let j = 0; j < pairs.length; j++) {
            if (bad[i] === 0 && bad[j] === 1) {
              all++
              right += scores[i]! > scores[j]! ? 1 : scores[i] === scores[j] ? 0.5 : 0
            }
          }
        const got = auc(scores, bad)
        if (all === 0) return Number.isNaN(got)
        return Math.abs(got - right / all) < 1e-12
      },
    ),
  )
})

test("stratified folds keep each fold's bad rate and are the same for the same seed", () => {
  const bad = Uint8Array.from({ length: 1000 }, (_, i) => (i % 10 < 3 ? 1 : 0))
  const folds = stratifiedFolds(bad, 5, 7)
  assert.deepEqual(folds, stratifiedFolds(bad, 5, 7))
  assert.notDeepEqual(folds, stratifiedFolds(bad, 5, 8))
  for (let k = 0; k < 5; k++) {
    const rows = [...folds.keys()].filter((i) => folds[i] === k)
    assert.equal(rows.length, 200)
    assert.equal(rows.filter((i) => bad[i] === 1).length, 60)
  }
})

test('logistic regression recovers the coefficients that generated the data', () => {
  const random = seededRandom(3)
  const n = 20000
  const x = new Float64Array(n * 2)
  const y = new Uint8Array(n)
  for (let i = 0; i < n; i++) {
    x[i * 2] = random() * 4 - 2
    x[i * 2 + 1] = random() * 4 - 2
    y[i] = random() < 1 / (1 + Math.exp(-(-0.5 + 1.5 * x[i * 2]! - 0.8 * x[i * 2 + 1]!))) ? 1 : 0
  }
  const fit = fitLogistic(x, y, 2, { l2: 0 })
  assert.ok(fit.converged)
  assert.ok(Math.abs(fit.intercept + 0.5) < 0.08, `intercept ${fit.intercept}`)
  assert.ok(Math.abs(fit.coefficients[0]! - 1.5) < 0.08, `b1 ${fit.coefficients[0]}`)
  assert.ok(Math.abs(fit.coefficients[1]! + 0.8) < 0.08, `b2 ${fit.coefficients[1]}`)
  // the penalty shrinks the slopes
  const ridge = fitLogistic(x, y, 2, { l2: 5000 })
  assert.ok(Math.abs(ridge.coefficients[0]!) < Math.abs(fit.coefficients[0]!))
})

test('logistic regression: damped steps converge on a near-separable table where the probabilities approach 0 and 1', () => {
  const random = seededRandom(11)
  const n = 5000
  const x = new Float64Array(n)
  const y = new Uint8Array(n)
  for (let i = 0; i < n; i++) {
    // logit 9x on x in [-3, 3]: most rows are almost certain, a band around 0 overlaps
    x[i] = random() * 6 - 3
    y[i] = random() < 1 / (1 + Math.exp(-9 * x[i]!)) ? 1 : 0
  }
  const fit = fitLogistic(x, y, 1, { l2: 0 })
  assert.equal(fit.outcome, 'converged')
  assert.ok(fit.gradient < 1e-6, `gradient ${fit.gradient}`)
  // the maximum: no lower deviance than at the coefficients that generated the data
  let atTruth = 0
  for (let i = 0; i < n; i++) atTruth += 2 * (Math.log1p(Math.exp(9 * x[i]!)) - y[i]! * 9 * x[i]!)
  assert.ok(fit.deviance <= atTruth / n, `deviance ${fit.deviance} against ${atTruth / n}`)
  assert.ok(Math.abs(fit.coefficients[0]! - 9) < 3, `slope ${fit.coefficients[0]}`)
})

test('logistic regression: a separable table has no finite fit unpenalised (separated, refused); the penalty gives one', () => {
  const n = 400
  const x = new Float64Array(n * 2)
  const y = new Uint8Array(n)
  const random = seededRandom(13)
  for (let i = 0; i < n; i++) {
    y[i] = i % 2
    x[i * 2] = (y[i] ? 1 : -1) * (0.5 + random()) // separates the classes
    x[i * 2 + 1] = random() // noise
  }
  const free = fitLogistic(x, y, 2, { l2: 0 })
  assert.equal(free.outcome, 'separated')
  assert.equal(free.converged, false)
  for (const v of [free.intercept, ...free.coefficients]) assert.ok(Number.isFinite(v), 'the steps stay finite')
  const ridge = fitLogistic(x, y, 2, { l2: 1 })
  assert.equal(ridge.outcome, 'converged')
  assert.ok(ridge.gradient < 1e-6 && Math.abs(ridge.coefficients[0]!) < 20, `slope ${ridge.coefficients[0]}`)
  // the deviance never rises from the start: fewer iterations end no better
  const early = fitLogistic(x, y, 2, { l2: 1, maxIterations: 1 })
  assert.equal(early.outcome, 'not_converged')
  assert.ok(early.deviance >= ridge.deviance)
})

test('numeric binning: missing and special values have their own bins; a monotone risk gives monotone WOE; every value finds its bin', () => {
  const random = seededRandom(5)
  const n = 5000
  const values = new Float64Array(n)
  const bad = new Uint8Array(n)
  for (let i = 0; i < n; i++) {
    const r = random()
    values[i] = r < 0.05 ? NaN : r < 0.1 ? -1 : Math.round(random() * 1000)
    const p = Number.isNaN(values[i]!) ? 0.5 : values[i] === -1 ? 0.05 : 0.05 + values[i]! / 2000
    bad[i] = random() < p ? 1 : 0
  }
  const b = binNumeric(values, bad, [-1])
  assert.equal(b.bins[0]!.rule.kind, 'missing')
  assert.deepEqual(b.bins[1]!.rule, { kind: 'special', value: -1 })
  const ranges = b.bins.filter((x) => x.rule.kind === 'range')
  assert.ok(ranges.length >= 3, `${ranges.length} bins`)
  assert.equal(b.monotonic, 'increasing')
  for (let k = 1; k < ranges.length; k++)
    assert.ok(ranges[k]!.woe < ranges[k - 1]!.woe, 'risk rises with the value: WOE falls')
  assert.ok(b.iv > 0.1)
  assert.equal(
    b.bins.reduce((s, x) => s + x.count, 0),
    n,
  )
  fc.assert(fc.property(fc.double({ min: -1e6, max: 1e6, noNaN: true }), (v) => binIndex(b, String(v)) >= 0))
  assert.equal(binIndex(b, ''), 0)
  assert.equal(binIndex(b, '-1'), 1)
})

test('categorical binning merges categories of like risk and sends unseen ones to a neutral bin', () => {
  const values: string[] = []
  const bad: number[] = []
  const random = seededRandom(9)
  for (let i = 0; i < 4000; i++) {
    const v = ['a', 'b', 'c', 'd'][i % 4]!
    values.push(v)
    bad.push(random() < (v === 'a' || v === 'b' ? 0.1 : 0.4) ? 1 : 0)
  }
  const b = binCategorical(values, Uint8Array.from(bad))
  const groups = b.bins
    .filter((x) => x.rule.kind === 'categories')
    .map((x) => (x.rule.kind === 'categories' ? x.rule.values : []))
  assert.deepEqual(groups, [
    ['a', 'b'],
    ['c', 'd'],
  ])
  assert.equal(b.bins[binIndex(b, 'zzz')]!.woe, 0)
})

test('a protected attribute is audit-only: never an input, not even derived from; the inputs are elements', () => {
  const table = book(2000, 1)
  const { sex: _sex, ...unmapped } = spec.columns
  assert.throws(
    () => fitScorecard(table, { target: 'bad', protectedList, spec: { columns: unmapped } }),
    (e: unknown) => e instanceof ModelError && e.code === 'model.unmapped_column' && e.columns.includes('sex'),
  )
  assert.throws(
    () =>
      fitScorecard(table, {
        target: 'bad',
        protectedList,
        spec: { ...spec, derived: [{ name: 'x', op: 'ratio', columns: ['limit', 'sex'] }] },
      }),
    (e: unknown) => e instanceof ModelError && e.code === 'model.protected_feature',
  )
  const model = fitScorecard(table, { target: 'bad', protectedList, spec })
  assert.ok(!model.features.some((f) => f.name === 'sex'))
  assert.deepEqual(
    model.excluded.find((e) => e.name === 'sex'),
    { name: 'sex', reason: 'audit_only' },
  )
  assert.deepEqual(model.protectedAttributes, { sex: ['sex'] })
  assert.deepEqual(model.features.find((f) => f.name === 'delays')!.elements, [
    { element: 'monthlyRepaymentStatus', month: 1 },
  ])
  // the lender's purpose codes are binned as the element's
  const purpose = model.features.find((f) => f.name === 'purpose')!
  assert.deepEqual(purpose.bins.flatMap((b) => (b.rule.kind === 'categories' ? b.rule.values : [])).sort(), [
    'business',
    'consumption',
    'housing',
    'vehicle',
  ])
  assert.equal(
    scorer(model)
      .score((c) => (({ purpose: 'c' }) as Record<string, string>)[c])
      .points.find((p) => p.feature === 'purpose')!.bin,
    scorer(model)
      .score((c) => (({ purpose: 'consumption' }) as Record<string, string>)[c])
      .points.find((p) => p.feature === 'purpose')!.bin,
    "the file's code or the element's, the same bin",
  )
})

test('a scorecard: identifiers left out, points that add up to the score, higher scores safer, the same file from the same data', () => {
  const table = book(6000, 2)
  const fit = () => fitScorecard(table, { target: 'bad', protectedList, spec, name: 'test', seed: 1 })
  const model = fit()
  assert.equal(modelText(model), modelText(fit()), 'byte for byte')
  assert.deepEqual(
    model.excluded.find((e) => e.name === 'id'),
    { name: 'id', reason: 'ignored' },
  )
  // an input whose every value differs is an identifier, whatever element it claims to be
  const numbered: Table = { columns: [...table.columns, 'n'], rows: table.rows.map((r, i) => [...r, String(1000 + i)]) }
  const withNumber = fitScorecard(numbered, {
    target: 'bad',
    protectedList,
    spec: { columns: { ...spec.columns, n: { element: 'outstandingBalance' } } },
  })
  assert.deepEqual(
    withNumber.excluded.find((e) => e.name === 'n'),
    { name: 'n', reason: 'identifier' },
  )
  assert.deepEqual(model.features.map((f) => f.name).sort(), ['delays', 'inquiries_12m', 'limit', 'purpose'])
  for (const f of model.features) assert.ok(f.coefficient < 0, `${f.name}: a higher WOE is safer`)
  const s = scorer(model)
  const row = (limit: string, delays: string, purpose: string, inquiries: string) =>
    s.score((c) => (({ limit, delays, purpose, inquiries_12m: inquiries }) as Record<string, string>)[c])
  const safe = row('9500', '0', 'h', '0')
  const risky = row('1200', '4', 'c', '5')
  assert.ok(safe.score > risky.score)
  assert.equal(risky.score, model.basePoints + risky.points.reduce((a, p) => a + p.points, 0))
  assert.ok(risky.probabilityBad > safe.probabilityBad)
  // the reasons: what cost the most points, largest first; none for a best-in-every-feature applicant
  assert.ok(risky.reasons.length >= 1 && risky.reasons.length <= 5)
  for (let k = 1; k < risky.reasons.length; k++)
    assert.ok(
      risky.reasons[k]!.pointsLost <= risky.reasons[k - 1]!.pointsLost || risky.reasons[k]!.feature === 'inquiries_12m',
    )
  assert.deepEqual(
    safe.reasons.filter((r) => r.pointsLost <= 0),
    [],
  )
  // limit is never missing in the book: a missing limit later is neutral (0 points), not the riskiest bin
  const limitBins = model.features.find((f) => f.name === 'limit')!.bins
  const missingLimit = limitBins.find((b) => b.rule.kind === 'missing')!
  assert.equal(missingLimit.count, 0)
  assert.equal(missingLimit.points, 0)
  assert.ok(Math.min(...limitBins.map((b) => b.points)) < 0, 'the riskiest bin costs points')
  assert.equal(row('', '0', 'h', '0').points.find((p) => p.feature === 'limit')!.points, 0)
  const scores = scoreTable(model, table)
  assert.ok(
    auc(
      scores,
      table.rows.map((r) => Number(r[6])),
    ) > 0.75,
  )
})

test('the fifth reason: inquiries are named when they cost points, even outside the top four', () => {
  const table = book(6000, 4)
  const model = fitScorecard(table, { target: 'bad', protectedList, spec })
  // make five features, inquiries the cheapest: a copy of the limit under another name
  const features = [
    ...model.features,
    {
      ...model.features.find((f) => f.name === 'limit')!,
      name: 'limit2',
      reason: { code: 'R98', text: 'limit again' },
    },
  ]
  const inquiries = features.find((f) => f.name === 'inquiries_12m')!
  const spread = (f: typeof inquiries) =>
    Math.max(...f.bins.map((b) => b.points)) - Math.min(...f.bins.map((b) => b.points))
  const s = scorer({ ...model, features })
  const worst = (f: typeof inquiries) => f.bins.reduce((a, b) => (b.points < a.points && b.count > 0 ? b : a)).label
  const values: Record<string, string> = {}
  for (const f of features) {
    const bin = f.bins.find((b) => b.label === worst(f))!
    values[f.name] =
      bin.rule.kind === 'range'
        ? String(bin.rule.min ?? bin.rule.max! - 1)
        : bin.rule.kind === 'categories'
          ? bin.rule.values[0]!
          : ''
  }
  const scored = s.score((c) => values[c])
  assert.ok(spread(inquiries) > 0)
  // inquiries cost the least of the five, so only the rule about inquiries puts them in: as the fifth
  assert.deepEqual(
    scored.reasons.map((r) => r.feature),
    ['limit', 'limit2', 'delays', 'purpose', 'inquiries_12m'],
    JSON.stringify(scored.reasons),
  )
})

test('the validation report: discrimination, calibration, stability, adverse impact flagged below 0.8, and charts in one HTML file', async () => {
  const { validate, reportHtml } = await import('./report.ts')
  const table = book(6000, 6)
  // an audit-only column that happens to follow the risk: the report must flag it
  const delaysAt = table.columns.indexOf('delays')
  const withGroup: Table = {
    columns: [...table.columns, 'nationality'],
    rows: table.rows.map((r) => [...r, Number(r[delaysAt] || 0) >= 3 ? 'x' : 'y']),
  }
  const model = fitScorecard(withGroup, {
    target: 'bad',
    protectedList,
    spec: { columns: { ...spec.columns, nationality: { protected: 'national_origin' } } },
  })
  const report = validate(model, withGroup, { compare: book(3000, 7) })
  assert.ok(report.auc > 0.7 && Math.abs(report.gini - (2 * report.auc - 1)) < 1e-12)
  assert.ok(report.ks > 0 && report.ks < 1)
  assert.equal(
    report.calibration.reduce((s, c) => s + c.rows, 0),
    6000,
  )
  // calibrated on its own sample: mean predicted and observed bad rates agree within a few points
  const observed = report.calibration.reduce((s, c) => s + c.observedBad * c.rows, 0) / 6000
  const predicted = report.calibration.reduce((s, c) => s + c.predictedBad * c.rows, 0) / 6000
  assert.ok(Math.abs(observed - predicted) < 0.03, `${observed} vs ${predicted}`)
  assert.ok(report.stability !== null && report.stability.psi < 0.1, 'a sample from the same population is stable')
  const nationality = report.adverseImpact.find((a) => a.column === 'nationality')!
  assert.deepEqual(
    nationality.groups.map((g) => [g.group, g.flagged]),
    [
      ['x', true],
      ['y', false],
    ],
  )
  assert.ok(
    !report.adverseImpact.find((a) => a.column === 'sex')!.groups.some((g) => g.flagged),
    'noise is not flagged',
  )
  // a group of a row or two is shown with its count but neither flagged nor the reference
  const scores = scoreTable(model, withGroup)
  const order = [...scores.keys()].sort((i, j) => scores[i]! - scores[j]!)
  const few = new Map([
    [order[0]!, 'w'], // the lowest score: declined
    [order[order.length - 1]!, 'z'], // the two highest: approved, a rate of 100 %
    [order[order.length - 2]!, 'z'],
  ])
  const tiny = validate(model, {
    columns: withGroup.columns,
    rows: withGroup.rows.map((r, i) => (few.has(i) ? [...r.slice(0, -1), few.get(i)!] : r)),
  })
  const groups = tiny.adverseImpact.find((a) => a.column === 'nationality')!.groups
  assert.deepEqual(
    groups.map((g) => [g.group, g.rows, g.ratio === null, g.flagged]),
    [
      ['w', 1, true, false],
      ['x', groups[1]!.rows, false, true],
      ['y', groups[2]!.rows, false, false],
      ['z', 2, true, false],
    ],
  )
  assert.equal(groups[2]!.ratio, 1, 'the reference is the best group large enough to judge')
  assert.match(reportHtml(model, tiny), /too few rows to judge \(under 30\)/)
  const html = reportHtml(model, report)
  assert.equal((html.match(/<svg /g) ?? []).length, 4, 'ROC, KS, score distribution and calibration')
  // issue 19: the Brier score, the AUC's DeLong interval, counts per bin of this sample, the IV table, the minimum group size
  assert.ok(report.aucInterval.low < report.auc && report.auc < report.aucInterval.high)
  assert.ok(report.brier > 0 && report.brier < 0.25)
  for (const f of report.binCounts[0]!)
    assert.equal(
      f.rows.reduce((a, b) => a + b, 0),
      6000,
    )
  assert.match(html, /95 % confidence interval of the AUC \(DeLong's method\)/)
  assert.match(html, new RegExp(`${report.aucInterval.low.toFixed(3)} – ${report.aucInterval.high.toFixed(3)}`))
  assert.match(html, /Brier score/)
  assert.match(html, /Calibration: observed against predicted bad rate, by score decile/)
  assert.match(html, /n=600/, 'each decile with its rows')
  assert.match(html, /<h2>Information value of the features<\/h2>/)
  assert.match(html, /<th colspan="2">this sample<\/th>/)
  assert.match(html, /Minimum group size: 30 rows/)
  assert.match(html, /<th>approved<\/th>/)
  // every chart has values on its axes: tick labels beyond the two ends
  for (const svg of html.match(/<svg [\s\S]*?<\/svg>/g)!)
    assert.ok((svg.match(/text-anchor="end">[\d.]+<\/text>/g) ?? []).length >= 3, 'y ticks with values')
  assert.doesNotMatch(html, /low_iv|target_leak|wrong_sign|audit_only|>increasing|>decreasing/, 'no raw codes')
  assert.match(html, /below 0\.8/)
  assert.match(html, new RegExp(`AUC ${report.auc.toFixed(3)}`))
  assert.match(
    html,
    /Rests on Repayment status by month, month 1 \(data-element dictionary \d{4}\.\d+\)/,
    'each feature names the element it rests on',
  )
  assert.doesNotMatch(html, /<script|https?:\/\//, 'self-contained: no scripts, nothing fetched')
})

test("segmented scorecards: one card per segment on one points scale, each applicant scored by its segment's card", async () => {
  const { fitSegmented, segmentOf } = await import('./scorecard.ts')
  const random = seededRandom(11)
  // an interaction one additive card cannot hold: the limit matters only for applicants already late
  const rows: string[][] = []
  for (let i = 0; i < 8000; i++) {
    const late = Math.floor(random() * 3)
    const limit = Math.round(1000 + random() * 9000)
    const logit = late === 0 ? -2 : -0.5 + (late - 1) * 0.8 - (limit - 5500) / 1500
    rows.push([
      String(late),
      String(limit),
      random() < 0.5 ? 'F' : 'M',
      random() < 1 / (1 + Math.exp(-logit)) ? '1' : '0',
    ])
  }
  const table: Table = { columns: ['months_late', 'limit', 'sex', 'bad'], rows }
  const options = {
    target: 'bad',
    protectedList,
    spec: {
      columns: {
        months_late: { element: 'monthlyRepaymentStatus', month: 1 },
        limit: { element: 'creditLimitOrPrincipal' },
        sex: { protected: 'sex' },
      },
    },
  }
  const segmented = fitSegmented(table, { ...options, segment: { column: 'months_late', cuts: [1] } })
  assert.deepEqual(
    segmented.segments.map((s) => s.label),
    ['months_late < 1', 'months_late >= 1'],
  )
  assert.equal(segmentOf([1], '0'), 0)
  assert.equal(segmentOf([1], '2'), 1)
  assert.equal(segmentOf([1], ''), 0, 'a missing value is in the first segment')
  const single = fitScorecard(table, options)
  const bad = rows.map((r) => Number(r[3]))
  assert.ok(
    auc(scoreTable(segmented, table), bad) > auc(scoreTable(single, table), bad),
    'segments hold the interaction',
  )
  const late = scorer(segmented).score((c) => (({ months_late: '2', limit: '1200' }) as Record<string, string>)[c])
  assert.ok(
    late.points.some((p) => p.feature === 'limit'),
    "the late segment's card uses the limit",
  )
  assert.equal(
    modelText(segmented),
    modelText(fitSegmented(table, { ...options, segment: { column: 'months_late', cuts: [1] } })),
  )
  assert.throws(
    () => fitSegmented(table, { ...options, segment: { column: 'sex', cuts: [1] } }),
    (e: unknown) => e instanceof ModelError && e.code === 'model.protected_feature',
  )
  assert.throws(
    () => fitSegmented(table, { ...options, segment: { column: 'limit', cuts: [1050] } }),
    (e: unknown) => e instanceof ModelError && e.code === 'model.segment_too_small',
  )
})

test('tuning the merge threshold by inner cross-validation: the same choice from the same rows, recorded in the model', async () => {
  const { fitTuned, CHI_GRID } = await import('./tune.ts')
  const table = book(3000, 12)
  const a = fitTuned(table, { target: 'bad', protectedList, spec, seed: 3 })
  assert.deepEqual(
    a.tuning.auc.map((x) => x.value),
    [...CHI_GRID],
  )
  const best = Math.max(...a.tuning.auc.map((x) => x.auc))
  assert.equal(a.tuning.auc.find((x) => x.value === a.tuning.chosen)!.auc, best)
  assert.ok(a.format === 'fides-scorecard/1' && a.options.chiThreshold === a.tuning.chosen)
  assert.equal(modelText(a), modelText(fitTuned(table, { target: 'bad', protectedList, spec, seed: 3 })))
})

test("the protected list is configurable: it may add attributes (postcode), never drop the charter's", async () => {
  const { mkdtemp, writeFile } = await import('node:fs/promises')
  const { tmpdir } = await import('node:os')
  const { join } = await import('node:path')
  const dir = await mkdtemp(join(tmpdir(), 'fides-protected-'))
  const wider = join(dir, 'wider.json')
  await writeFile(
    wider,
    JSON.stringify({
      ...protectedList,
      attributes: [
        ...protectedList.attributes,
        {
          code: 'postcode',
          name: { zh: '邮政编码', en: 'postcode' },
          basis: 'stands for national origin and race (redlining)',
        },
      ],
    }),
  )
  const list = loadProtectedList(wider)
  const table = book(1000, 13)
  const withPostcode: Table = {
    columns: [...table.columns, 'home_postcode'],
    rows: table.rows.map((r, i) => [...r, String(350000 + (i % 40))]),
  }
  const mapped = (home_postcode: ModelSpec['columns'][string]) => ({
    target: 'bad',
    protectedList: list,
    spec: { columns: { ...spec.columns, home_postcode } },
  })
  // with the shipped list, postcode is no attribute to keep for the analysis, and no element an input may be
  assert.throws(
    () => fitScorecard(withPostcode, { ...mapped({ protected: 'postcode' }), protectedList }),
    (e: unknown) => e instanceof ModelError && e.code === 'model.bad_mapping' && e.columns.includes('home_postcode'),
  )
  assert.throws(
    () => fitScorecard(withPostcode, mapped({ element: 'postcode' })),
    (e: unknown) =>
      e instanceof ModelError && e.code === 'model.protected_feature' && e.columns.includes('home_postcode'),
  )
  assert.deepEqual(fitScorecard(withPostcode, mapped({ protected: 'postcode' })).protectedAttributes.home_postcode, [
    'postcode',
  ])
  const narrower = join(dir, 'narrower.json')
  await writeFile(
    narrower,
    JSON.stringify({ ...protectedList, attributes: protectedList.attributes.filter((a) => a.code !== 'age') }),
  )
  assert.throws(() => loadProtectedList(narrower), /may add attributes but not drop the charter's: missing age/)
})

test('a boosted scorecard: shapes a linear card cannot draw (a U), points that add up, monotone where the spec says, the same file from the same data', () => {
  const random = seededRandom(23)
  const rows: string[][] = []
  for (let i = 0; i < 8000; i++) {
    const utilisation = Math.round(random() * 100)
    const delays = Math.floor(random() * 5)
    const inquiries = Math.floor(random() * 6)
    // risk is U-shaped in utilisation (both unused and maxed-out cards are riskier), rises with delays, is flat in inquiries
    const logit = -1.6 + ((utilisation - 50) / 25) ** 2 * 0.5 + 0.5 * delays
    rows.push([
      String(utilisation),
      String(delays),
      String(inquiries),
      random() < 1 / (1 + Math.exp(-logit)) ? '1' : '0',
    ])
  }
  const table: Table = { columns: ['utilisation', 'delays', 'inquiries_12m', 'bad'], rows }
  const boostedSpec: ModelSpec = {
    columns: {
      utilisation: { element: 'outstandingBalance' },
      delays: { element: 'monthlyRepaymentStatus', month: 1 },
      inquiries_12m: { element: 'lenderInquiries12Months' },
    },
    features: { delays: { trend: 'ascending' } },
  }
  const fit = () => fitScorecard(table, { target: 'bad', protectedList, spec: boostedSpec, seed: 3, method: 'boosted' })
  const model = fit()
  assert.equal(modelText(model), modelText(fit()), 'byte for byte')
  assert.equal(model.method, 'boosted')
  const pointsAt = (feature: string, value: string) =>
    scorer(model)
      .score((c) => ({ utilisation: '50', delays: '0', inquiries_12m: '0', [feature]: value })[c])
      .points.find((p) => p.feature === feature)!.points
  // the U: the middle of utilisation scores more than either end
  assert.ok(pointsAt('utilisation', '50') > pointsAt('utilisation', '2') + 10, 'low utilisation costs points')
  assert.ok(pointsAt('utilisation', '50') > pointsAt('utilisation', '98') + 10, 'high utilisation costs points')
  // monotone: every more month of delay scores no more than the one before
  const delayPoints = ['0', '1', '2', '3', '4'].map((d) => pointsAt('delays', d))
  for (let k = 1; k < delayPoints.length; k++) assert.ok(delayPoints[k]! <= delayPoints[k - 1]!, `${delayPoints}`)
  assert.ok(delayPoints[0]! > delayPoints[4]!)
  // a feature with no effect costs (almost) nothing anywhere
  const flat = model.features.find((f) => f.name === 'inquiries_12m')!.bins.map((b) => b.points)
  assert.ok(Math.max(...flat) - Math.min(...flat) <= 6, `${flat}`)
  // the score is the base points plus one bin's points per feature; reasons as the classic card's
  const s = scorer(model).score((c) => ({ utilisation: '97', delays: '4', inquiries_12m: '1' })[c])
  assert.equal(s.score, model.basePoints + s.points.reduce((a, p) => a + p.points, 0))
  assert.ok(s.reasons.length >= 2 && s.reasons[0]!.pointsLost > 0)
  // a missing value the sample never had is neutral, and better than the riskiest bin
  assert.equal(pointsAt('utilisation', ''), 0)
  // better than the classic card where the risk is not monotone
  const classic = fitScorecard(table, { target: 'bad', protectedList, spec: boostedSpec, seed: 3 })
  const outcomes = rows.map((r) => Number(r[3]))
  assert.ok(auc(scoreTable(model, table), outcomes) > auc(scoreTable(classic, table), outcomes) - 0.002)
})

test('a boosted card with pairwise terms: a pure interaction the additive card cannot fit, monotone features kept out of pairs, the file checked, round-tripped and rescored the same', () => {
  const random = seededRandom(29)
  const rows: string[][] = []
  for (let i = 0; i < 6000; i++) {
    const balance = Math.round(random() * 100)
    const inquiries = Math.floor(random() * 10)
    const delays = Math.floor(random() * 5)
    // a checkerboard: risk is high where exactly one of balance and inquiries is high (no main effect of either)
    const logit = (balance >= 50 !== inquiries >= 5 ? 1.5 : -1.5) + 0.4 * (delays - 2)
    rows.push([String(balance), String(inquiries), String(delays), random() < 1 / (1 + Math.exp(-logit)) ? '1' : '0'])
  }
  const table: Table = { columns: ['balance', 'inquiries', 'delays', 'bad'], rows }
  const pairSpec: ModelSpec = {
    columns: {
      balance: { element: 'outstandingBalance' },
      inquiries: { element: 'lenderInquiries12Months' },
      delays: { element: 'monthlyRepaymentStatus', month: 1 },
    },
    features: { delays: { trend: 'ascending' } },
  }
  const fit = (pairs: number) =>
    fitScorecard(table, { target: 'bad', protectedList, spec: pairSpec, seed: 5, method: 'boosted', boost: { pairs } })
  const additive = fit(0)
  const paired = fit(3)
  assert.equal(additive.pairs, undefined)
  const outcomes = rows.map((r) => Number(r[3]))
  const aucOf = (m: typeof paired) => auc(scoreTable(m, table), outcomes)
  assert.ok(aucOf(additive) < 0.7, `additive ${aucOf(additive)}`)
  assert.ok(aucOf(paired) > aucOf(additive) + 0.1, `paired ${aucOf(paired)} additive ${aucOf(additive)}`)
  // the one pair that can be chosen: delays is monotone, so never in a pair, and its constraint holds
  assert.deepEqual(
    paired.pairs!.map((p) => p.features),
    [['balance', 'inquiries']],
  )
  const pointsOf = (m: typeof paired, values: Record<string, string>) => scorer(m).score((c) => values[c])
  const delayPoints = ['0', '1', '2', '3', '4'].map(
    (d) =>
      pointsOf(paired, { balance: '20', inquiries: '2', delays: d }).points.find((p) => p.feature === 'delays')!.points,
  )
  for (let k = 1; k < delayPoints.length; k++) assert.ok(delayPoints[k]! <= delayPoints[k - 1]!, `${delayPoints}`)
  // the score is the base points plus one bin per feature and one cell per pair; the pair is a reason of its own
  const risky = pointsOf(paired, { balance: '90', inquiries: '1', delays: '0' })
  assert.equal(risky.score, paired.basePoints + risky.points.reduce((a, p) => a + p.points, 0))
  assert.ok(risky.points.some((p) => p.feature === 'balance × inquiries'))
  assert.equal(risky.reasons[0]!.code, paired.pairs![0]!.reason.code)
  assert.ok(
    pointsOf(paired, { balance: '90', inquiries: '8', delays: '0' }).score > risky.score + 20,
    'the safe cell scores more',
  )
  // the file: checked as a published model is, round-tripped, and rescored to the same scores
  const file = JSON.parse(modelText(paired)) as typeof paired
  assert.deepEqual(checkModelFile(file, protectedList), [])
  assert.deepEqual(Array.from(scoreTable(file, table)), Array.from(scoreTable(paired, table)))
  assert.equal(modelText(paired), modelText(fit(3)), 'byte for byte')
  const edited = structuredClone(file)
  edited.pairs![0]!.points[0]!.pop()
  assert.equal(checkModelFile(edited, protectedList)[0]?.pointer, '/model/pairs/0/points')
  const strange = structuredClone(file)
  strange.pairs![0]!.features = ['balance', 'age']
  assert.equal(checkModelFile(strange, protectedList)[0]?.pointer, '/model/pairs/0/features')
  // the validation report reads a paired model: its pairs' cells are not features' bins
  const report = validate(paired, table)
  assert.ok(report.auc > 0.5)
  const html = reportHtml(paired, report)
  assert.match(html, /<h3>balance × inquiries: points of each cell \(development rows\)<\/h3>/)
  const pair = paired.pairs![0]!
  assert.equal(
    html.split('<h3>balance × inquiries')[1]!.split('</table>')[0]!.split('<tr>').length - 1,
    pair.rows.length + 1,
  )
  // each score's cell of a pair has its place in the table, after the features' bins
  const cellPoint = risky.points.find((p) => p.feature === 'balance × inquiries')!
  assert.ok(cellPoint.index >= 0 && cellPoint.index < paired.pairs![0]!.rows.length * paired.pairs![0]!.columns.length)
})
