import { test } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import { binCategorical, binIndex, binIv, binNumeric, chiSquare, type FeatureBinning, type Trend } from './binning.ts'
import { binningTable } from './binning-table.ts'
import { loadProtectedList, type FeatureSpec, type ModelSpec } from './features.ts'
import { seededRandom } from './metrics.ts'
import { fitScorecard, ModelError, type Table } from './scorecard.ts'

/** A numeric feature of n rows, values 0..99, bad with probability risk(value). */
function sample(n: number, seed: number, risk: (v: number) => number) {
  const random = seededRandom(seed)
  const values = new Float64Array(n)
  const bad = new Uint8Array(n)
  for (let i = 0; i < n; i++) {
    values[i] = Math.floor(random() * 100)
    bad[i] = random() < risk(values[i]!) ? 1 : 0
  }
  return { values, bad }
}

const rates = (b: FeatureBinning) => b.bins.filter((x) => x.rule.kind === 'range').map((x) => x.bad / x.count)
const rises = (r: number[]) => r.every((x, i) => i === 0 || x > r[i - 1]!)
const falls = (r: number[]) => r.every((x, i) => i === 0 || x < r[i - 1]!)
/** up then down (peak) or down then up (valley), at most one turn */
function turnsOnce(r: number[], up: boolean): boolean {
  let k = 1
  while (k < r.length && (up ? r[k]! > r[k - 1]! : r[k]! < r[k - 1]!)) k++
  const rest = r.slice(k - 1)
  return up ? falls(rest) : rises(rest)
}

// risk shapes the data may have; any trend asked for must hold on any of them
const shapes: Record<string, (v: number) => number> = {
  up: (v) => 0.05 + v / 250,
  down: (v) => 0.45 - v / 250,
  hump: (v) => 0.05 + 0.4 * Math.exp(-(((v - 50) / 20) ** 2)),
  bowl: (v) => 0.45 - 0.4 * Math.exp(-(((v - 50) / 20) ** 2)),
  flat: () => 0.2,
}

test('each trend holds whatever the data (property): ascending, descending, peak, valley; auto picks one of them', () => {
  fc.assert(
    fc.property(
      fc.constantFrom(...Object.keys(shapes)),
      fc.constantFrom<Trend>('ascending', 'descending', 'peak', 'valley', 'auto'),
      fc.integer({ min: 1, max: 1e6 }),
      (shape, trend, seed) => {
        const { values, bad } = sample(3000, seed, shapes[shape]!)
        const b = binNumeric(values, bad, [], { trend })
        const r = rates(b)
        if (r.length <= 1) return true
        const holds: Record<string, boolean> = {
          ascending: rises(r),
          descending: falls(r),
          peak: turnsOnce(r, true),
          valley: turnsOnce(r, false),
        }
        // auto resolves to one of the four, and the bins follow the one it names
        return trend === 'auto' ? holds[b.trend] === true : holds[trend] === true
      },
    ),
    { numRuns: 40 },
  )
  // and the data's own shape is found
  const hump = binNumeric(sample(8000, 3, shapes.hump!).values, sample(8000, 3, shapes.hump!).bad, [])
  assert.equal(hump.trend, 'peak')
  const up = sample(8000, 4, shapes.up!)
  assert.equal(binNumeric(up.values, up.bad, []).trend, 'ascending')
  assert.equal(binNumeric(up.values, up.bad, []).monotonic, 'increasing')
})

test('the search is exact (property): no partition meeting the constraints and the trend has more information', () => {
  fc.assert(
    fc.property(
      fc.array(fc.tuple(fc.integer({ min: 1, max: 80 }), fc.integer({ min: 0, max: 100 })), {
        minLength: 2,
        maxLength: 8,
      }),
      fc.constantFrom<Trend>('ascending', 'descending', 'peak', 'valley', 'none'),
      fc.record({
        minShare: fc.constantFrom(0, 0.1),
        maxShare: fc.constantFrom(1, 0.6),
        minBads: fc.integer({ min: 0, max: 8 }),
        minGoods: fc.integer({ min: 0, max: 8 }),
        maxBins: fc.integer({ min: 1, max: 6 }),
        chiThreshold: fc.constantFrom(0, 1, 3.84),
      }),
      (cells, trend, o) => {
        // value k: cells[k][0] rows, of which a share cells[k][1] % bad
        const values: number[] = []
        const bad: number[] = []
        const counts = cells.map(([n, pct]) => ({ count: n, bad: Math.round((n * pct) / 100) }))
        counts.forEach((c, k) => {
          for (let i = 0; i < c.count; i++) {
            values.push(k)
            bad.push(i < c.bad ? 1 : 0)
          }
        })
        const total = values.length
        const bads = Math.max(
          1,
          bad.reduce((a, b) => a + b, 0),
        )
        const goods = Math.max(1, total - bads)
        const fitted = binNumeric(Float64Array.from(values), Uint8Array.from(bad), [], { ...o, trend })
        // every partition by brute force
        const n = counts.length
        let best = -Infinity
        for (let mask = 0; mask < 1 << (n - 1); mask++) {
          const groups: { count: number; bad: number; cells: number }[] = [{ count: 0, bad: 0, cells: 0 }]
          counts.forEach((c, k) => {
            if (k > 0 && mask & (1 << (k - 1))) groups.push({ count: 0, bad: 0, cells: 0 })
            const g = groups[groups.length - 1]!
            g.count += c.count
            g.bad += c.bad
            g.cells++
          })
          if (groups.length > o.maxBins) continue
          const ok = groups.every(
            (g) =>
              g.count >= o.minShare * total &&
              (g.cells === 1 || g.count <= o.maxShare * total) &&
              g.bad >= o.minBads &&
              g.count - g.bad >= o.minGoods,
          )
          const r = groups.map((g) => g.bad / g.count)
          const shaped = {
            ascending: rises(r),
            descending: falls(r),
            peak: turnsOnce(r, true),
            valley: turnsOnce(r, false),
            none: true,
          }[trend as string]
          const significant = groups.every((g, k) => k === 0 || chiSquare(groups[k - 1]!, g) >= o.chiThreshold)
          if (ok && shaped && significant)
            best = Math.max(
              best,
              groups.reduce((s, g) => s + binIv(g, goods, bads), 0),
            )
        }
        const ranges = fitted.bins.filter((b) => b.rule.kind === 'range')
        // nothing feasible: one bin
        if (best === -Infinity) return ranges.length === 1
        return Math.abs(fitted.iv - best) < 1e-5
      },
    ),
    { numRuns: 300 },
  )
})

test('constraints hold for every bin (property): minimum and maximum share, minimum bads and goods, at most maxBins', () => {
  fc.assert(
    fc.property(
      fc.record({
        minShare: fc.constantFrom(0, 0.02, 0.1, 0.2),
        maxShare: fc.constantFrom(1, 0.5, 0.3),
        minBads: fc.integer({ min: 0, max: 60 }),
        minGoods: fc.integer({ min: 0, max: 200 }),
        maxBins: fc.integer({ min: 2, max: 10 }),
        chiThreshold: fc.constantFrom(0, 1, 3.84),
      }),
      fc.constantFrom(...Object.keys(shapes)),
      fc.integer({ min: 1, max: 1e6 }),
      (o, shape, seed) => {
        const { values, bad } = sample(2000, seed, shapes[shape]!)
        const b = binNumeric(values, bad, [], { ...o, trend: 'none' })
        const ranges = b.bins.filter((x) => x.rule.kind === 'range')
        if (ranges.length === 1) return true // nothing feasible but the whole: one bin
        return (
          ranges.length <= o.maxBins &&
          ranges.every(
            (x) =>
              x.count >= o.minShare * 2000 &&
              // a single value is one fine bin and cannot be cut
              (x.count <= o.maxShare * 2000 ||
                (x.rule.kind === 'range' &&
                  x.rule.max !== null &&
                  x.rule.min !== null &&
                  x.rule.max - x.rule.min <= 1)) &&
              x.bad >= o.minBads &&
              x.count - x.bad >= o.minGoods,
          )
        )
      },
    ),
    { numRuns: 60 },
  )
})

test('a rare risky bin survives: 60-89 days past due >= 1 in 4.9 % of rows keeps its own bin and its information', () => {
  const random = seededRandom(11)
  const n = 20000
  const values = new Float64Array(n)
  const bad = new Uint8Array(n)
  for (let i = 0; i < n; i++) {
    const r = random()
    values[i] = r < 0.951 ? 0 : r < 0.98 ? 1 : r < 0.995 ? 2 : 3
    bad[i] = random() < (values[i] === 0 ? 0.05 : 0.45) ? 1 : 0
  }
  const b = binNumeric(values, bad, [])
  const ranges = b.bins.filter((x) => x.rule.kind === 'range')
  assert.ok(ranges.length >= 2, 'the delinquent rows are not merged into the clean ones')
  assert.deepEqual(ranges[0]!.rule, { kind: 'range', min: null, max: 1 })
  // the whole information of the split into 0 and >= 1
  const all = { count: 0, bad: 0 }
  ranges.slice(1).forEach((x) => ((all.count += x.count), (all.bad += x.bad)))
  assert.ok(all.count / n < 0.05)
  assert.ok(b.iv > 0.5, `IV ${b.iv}`)
  // but a bin under the minimum events is not kept: with 2000 bads needed, one bin
  assert.equal(binNumeric(values, bad, [], { minBads: 2000 }).bins.filter((x) => x.rule.kind === 'range').length, 1)
})

test('special codes and groups of them have bins of their own, beside the missing bin; scoring finds them', () => {
  const random = seededRandom(2)
  const n = 4000
  const values = new Float64Array(n)
  const bad = new Uint8Array(n)
  for (let i = 0; i < n; i++) {
    const r = random()
    values[i] = r < 0.03 ? NaN : r < 0.06 ? -1 : r < 0.08 ? 97 : r < 0.1 ? 98 : Math.floor(random() * 50)
    bad[i] = random() < (values[i] === 97 || values[i] === 98 ? 0.6 : 0.2) ? 1 : 0
  }
  const b = binNumeric(values, bad, [-1, [97, 98]])
  assert.deepEqual(
    b.bins.slice(0, 3).map((x) => x.rule),
    [{ kind: 'missing' }, { kind: 'special', value: -1 }, { kind: 'special', value: 97, values: [97, 98] }],
  )
  assert.equal(binIndex(b, '98'), 2)
  assert.equal(binIndex(b, '97'), 2)
  assert.equal(binIndex(b, '-1'), 1)
  assert.equal(binIndex(b, ''), 0)
  assert.equal(
    b.bins.reduce((s, x) => s + x.count, 0),
    n,
  )
  // a categorical feature's special codes too
  const cats = Array.from(values, (v, i) => (v === 97 || v === 98 ? String(v) : ['a', 'b', 'c'][i % 3]!))
  const c = binCategorical(cats, bad, {}, [[97, 98]])
  assert.deepEqual(c.bins[1]!.rule, { kind: 'special', value: 97, values: [97, 98] })
  assert.equal(c.bins[1]!.count, cats.filter((v) => v === '97' || v === '98').length)
  assert.equal(binIndex(c, '98'), 1)
  assert.ok(!c.bins.some((x) => x.rule.kind === 'categories' && x.rule.values.includes('97')))
  // the ranges never hold a special value
  for (const x of b.bins) if (x.rule.kind === 'range') assert.ok(x.rule.max === null || x.rule.max <= 50)
})

test('user splits fix the bins: exactly the cuts given, whatever the data', () => {
  const { values, bad } = sample(3000, 5, shapes.hump!)
  const b = binNumeric(values, bad, [], { splits: [10, 40, 90] })
  assert.deepEqual(
    b.bins.filter((x) => x.rule.kind === 'range').map((x) => x.rule),
    [
      { kind: 'range', min: null, max: 10 },
      { kind: 'range', min: 10, max: 40 },
      { kind: 'range', min: 40, max: 90 },
      { kind: 'range', min: 90, max: null },
    ],
  )
  assert.equal(b.trend, 'fixed')
  assert.equal(
    b.bins[binIndex(b, '39.9')]!.rule.kind === 'range' && (b.bins[binIndex(b, '39.9')]!.rule as { min: number }).min,
    10,
  )
})

test('rare categories are pooled into one bin, where an unseen category goes too', () => {
  const random = seededRandom(8)
  const values: string[] = []
  const bad: number[] = []
  for (let i = 0; i < 5000; i++) {
    const r = random()
    const v = r < 0.005 ? 'rare1' : r < 0.01 ? 'rare2' : ['a', 'b', 'c'][i % 3]!
    values.push(v)
    bad.push(random() < (v.startsWith('rare') ? 0.7 : v === 'a' ? 0.1 : 0.3) ? 1 : 0)
  }
  const b = binCategorical(values, Uint8Array.from(bad), { pool: 0.02 })
  const other = b.bins.find((x) => x.rule.kind === 'other')!
  assert.deepEqual(other.rule, { kind: 'other', pooled: ['rare1', 'rare2'] })
  assert.ok(other.count > 30 && other.woe < -1, 'the pooled bin keeps its rows and its risk')
  assert.equal(b.bins[binIndex(b, 'never-seen')], other)
  assert.equal(b.bins[binIndex(b, 'rare2')], other)
  for (const x of b.bins) if (x.rule.kind === 'categories') assert.ok(!x.rule.values.some((v) => v.startsWith('rare')))
  // without pooling there is none, and an unseen category is neutral
  const plain = binCategorical(values, Uint8Array.from(bad))
  assert.equal(plain.bins[binIndex(plain, 'never-seen')]!.woe, 0)
})

test("the binning table adds up (property): shares sum to 1, IV total = the bins' = the binning's, counts and JS", () => {
  fc.assert(
    fc.property(fc.constantFrom(...Object.keys(shapes)), fc.integer({ min: 1, max: 1e6 }), (shape, seed) => {
      const { values, bad } = sample(1500, seed, shapes[shape]!)
      for (let i = 0; i < 60; i++) values[i] = i % 2 ? NaN : -1
      const b = binNumeric(values, bad, [-1])
      const t = binningTable(b.bins)
      const close = (x: number, y: number, eps = 1e-9) => Math.abs(x - y) < eps
      return (
        close(
          t.rows.reduce((s, r) => s + r.share, 0),
          1,
        ) &&
        close(
          t.rows.reduce((s, r) => s + r.iv, 0),
          t.total.iv,
        ) &&
        close(t.total.iv, b.iv, 1e-5) &&
        t.rows.reduce((s, r) => s + r.count, 0) === 1500 &&
        t.rows.reduce((s, r) => s + r.bads, 0) === t.total.bads &&
        t.rows.every((r) => r.js >= 0 && r.iv >= 0) &&
        t.total.js <= Math.LN2 &&
        t.total.quality >= 0 &&
        t.total.quality <= 1.0001 &&
        t.rows.every((r, k) => close(r.woe, b.bins[k]!.woe, 1e-5))
      )
    }),
    { numRuns: 30 },
  )
  // one bin: no information, no quality
  const one = binningTable([{ rule: { kind: 'range', min: null, max: null }, count: 10, bad: 3 }])
  assert.equal(one.total.quality, 0)
  assert.equal(one.rows[0]!.share, 1)
})

test('every binning setting of the spec is checked: an unknown key or a bad value is refused, naming it', () => {
  const random = seededRandom(1)
  const rows: string[][] = []
  for (let i = 0; i < 400; i++) {
    const limit = Math.round(1000 + random() * 9000)
    rows.push([String(limit), ['h', 'c'][i % 2]!, random() < 0.3 + limit / 40000 ? '1' : '0'])
  }
  const table: Table = { columns: ['limit', 'purpose', 'bad'], rows }
  const spec = (features: Record<string, FeatureSpec | Record<string, unknown>>): ModelSpec => ({
    columns: {
      limit: { element: 'creditLimitOrPrincipal' },
      purpose: { element: 'loanPurpose', values: { h: 'housing', c: 'consumption' } },
    },
    features: features as ModelSpec['features'],
  })
  const protectedList = loadProtectedList()
  const refused = (settings: Record<string, unknown>, key: string) =>
    assert.throws(
      () => fitScorecard(table, { target: 'bad', protectedList, spec: spec({ limit: settings }) }),
      (e: unknown) =>
        e instanceof ModelError && e.code === 'model.bad_spec' && e.message.includes(`features.limit.${key}`),
      JSON.stringify(settings),
    )
  const bad: [string, unknown][] = [
    ['trend', 'upwards'],
    ['trend', 1],
    ['splits', []],
    ['splits', [5, 2]],
    ['splits', ['a']],
    ['pool', 1],
    ['pool', -0.1],
    ['minShare', 1],
    ['minShare', '0.1'],
    ['maxShare', 0],
    ['maxShare', 1.5],
    ['minBads', 2.5],
    ['minBads', -1],
    ['minGoods', 'ten'],
    ['special', [[]]],
    ['special', [-1, [-1, 2]]],
    ['special', [['x']]],
    ['minGods', 5],
  ]
  for (const [key, value] of bad) refused({ [key]: value }, key)
  refused({ minShare: 0.3, maxShare: 0.2 }, 'minShare')
  refused({ splits: [5000], trend: 'peak' }, 'trend')
  refused({ splits: [5000], type: 'categorical' }, 'splits')
  // and the good ones fit
  const model = fitScorecard(table, {
    target: 'bad',
    protectedList,
    minIv: 0,
    spec: spec({
      limit: { splits: [3000, 6000], special: [-1, [97, 98]], minBads: 1 },
      purpose: { pool: 0.01, trend: 'auto', minShare: 0.05, maxShare: 0.9, minGoods: 1 },
    }),
  })
  const limit = model.features.find((f) => f.name === 'limit')!
  assert.deepEqual(
    limit.bins.filter((b) => b.rule.kind === 'range').map((b) => b.label),
    ['< 3000', '[3000, 6000)', '>= 6000'],
  )
})

test('a column that restates the outcome is left out as a leak, although its pure bins cannot meet the constraints', () => {
  const random = seededRandom(3)
  const rows: string[][] = []
  for (let i = 0; i < 600; i++) {
    const bad = random() < 0.3
    rows.push([String(Math.round(1000 + random() * 9000)), bad ? String(500 + i) : '0', bad ? '1' : '0'])
  }
  const model = fitScorecard(
    { columns: ['limit', 'past_due', 'bad'], rows },
    {
      target: 'bad',
      protectedList: loadProtectedList(),
      minIv: 0,
      spec: { columns: { limit: { element: 'creditLimitOrPrincipal' }, past_due: { element: 'amountPastDue' } } },
    },
  )
  assert.deepEqual(
    model.excluded.find((e) => e.name === 'past_due'),
    { name: 'past_due', reason: 'target_leak', iv: model.excluded.find((e) => e.name === 'past_due')!.iv },
  )
  assert.ok(!model.features.some((f) => f.name === 'past_due'))
})
