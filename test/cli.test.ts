import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'

function fides(...args: string[]) {
  const r = spawnSync(process.execPath, ['src/cli/main.ts', ...args], {
    encoding: 'utf8',
    env: { ...process.env, FIDES_LOG_LEVEL: 'silent' },
  })
  return { code: r.status, out: r.stdout, err: r.stderr }
}

test('fides catalogue check accepts the default catalogue and refuses forbidden data, naming it', () => {
  const ok = fides('catalogue', 'check', 'catalogue/record-kinds.json')
  assert.equal(ok.code, 0, ok.err)
  assert.match(ok.out, /valid catalogue 2026\.2, \d+ kinds, within the charter/)
  const religion = fides('catalogue', 'check', 'catalogue/examples/forbidden-religion.json')
  assert.equal(religion.code, 1)
  assert.match(religion.err, /catalogue\.unknown_element at \/kinds\/\d+/)
  assert.match(religion.err, /religio/i)
  const lists = fides('catalogue', 'check', 'catalogue/lists.json')
  assert.equal(lists.code, 0, lists.err)
  assert.match(
    lists.out,
    /valid list catalogue 2026\.2, 5 list kinds, 5 measures from measure dictionary 2026\.1, within the charter/,
  )
  // the rewordings a hostile operator tried (issue 15): every one refused, each at its place
  const hostile = fides('catalogue', 'check', 'catalogue/examples/hostile-rewordings.json')
  assert.equal(hostile.code, 1)
  for (const name of [
    'creed',
    'cohabitant',
    'protest_participation',
    'mental_state',
    'luxury_spending',
    'zongjiao',
    'minzu',
    'customerreligion',
    '宗\u200b教',
    'rеligion',
    'overallTrustworthiness',
    'num_friends',
    'party_member',
    'dob',
    'wechat_contacts',
  ]) {
    assert.ok(hostile.err.includes(`"${name}" is not an element of the data-element dictionary`), name)
  }
  for (const value of ['han', 'hui', 'party_member', 'blood_type_a'])
    assert.ok(hostile.err.includes(`'${value}' is not a value of decisionStatus`), value)
  for (const key of ['examples', 'pattern', 'description'])
    assert.match(hostile.err, new RegExp(`catalogue\\.invalid_narrowing at /kinds/2/elements/9/${key}:`))
  assert.match(hostile.err, /catalogue\.element_subject_type at \/kinds\/3\/elements\/11\/element: .*taxCreditScore/)
  assert.match(hostile.err, /catalogue\.fixed_by_dictionary at \/kinds\/3\/name:/)
  assert.match(hostile.err, /catalogue\.unknown_kind at \/kinds\/4\/code: kind 'cohabitation_record'/)
  assert.match(hostile.err, /refused, 29 problem/)
  const eternal = fides('catalogue', 'check', 'catalogue/examples/eternal-retention.json')
  assert.equal(eternal.code, 1)
  assert.match(eternal.err, /retention/)
})

test('fides refuses unknown commands and bad flags with its usage', () => {
  const r = fides('frobnicate')
  assert.equal(r.code, 64)
  assert.match(r.err, /unknown command: frobnicate/)
  assert.match(r.err, /usage:/)
})

test('fides model fit maps every column by the spec, refuses what is not a finance element, and writes the same file twice', async () => {
  const { mkdtemp, readFile, writeFile } = await import('node:fs/promises')
  const { tmpdir } = await import('node:os')
  const { join } = await import('node:path')
  const dir = await mkdtemp(join(tmpdir(), 'fides-model-'))
  const lines = ['months_late,balance,region,age,bad']
  for (let i = 0; i < 2000; i++) {
    const late = i % 5
    const bad = (i * 7919) % 100 < 10 + late * 12 ? 1 : 0
    lines.push(`${late},${(i * 37) % 5000},${['n', 's', 'e'][i % 3]},${20 + (i % 50)},${bad}`)
  }
  const data = join(dir, 'book.csv')
  await writeFile(data, lines.join('\n') + '\n')
  const spec = async (name: string, columns: Record<string, unknown>) => {
    const file = join(dir, `${name}.spec.json`)
    await writeFile(file, JSON.stringify({ columns }))
    return file
  }
  const lawful = {
    months_late: { element: 'monthlyRepaymentStatus', month: 1 },
    balance: { element: 'outstandingBalance' },
    region: { ignored: 'where the applicant lives: not credit data' },
    age: { protected: 'age' },
  }
  const fit = (specFile: string, out: string, ...more: string[]) =>
    fides('model', 'fit', data, '--target', 'bad', '--spec', specFile, '--seed', '7', '--out', join(dir, out), ...more)

  const noSpec = fides('model', 'fit', data, '--target', 'bad', '--out', join(dir, 'x.json'))
  assert.equal(noSpec.code, 64)
  assert.match(noSpec.err, /--spec FILE/)
  const oldFlags = fides(
    'model',
    'fit',
    data,
    '--target',
    'bad',
    '--spec',
    await spec('lawful', lawful),
    '--audit-only',
    'age',
  )
  assert.equal(oldFlags.code, 64)
  assert.match(oldFlags.err, /the spec maps every column/)
  const { age: _age, ...withoutAge } = lawful
  const unmapped = fit(await spec('unmapped', withoutAge), 'x.json')
  assert.equal(unmapped.code, 1)
  assert.match(unmapped.err, /model\.unmapped_column: age: not mapped/)
  const region = fit(await spec('region', { ...lawful, region: { element: 'summary' } }), 'x.json')
  assert.equal(region.code, 1)
  assert.match(region.err, /model\.element_category: region: summary is an element of the common category/)
  const asInput = fit(await spec('as-input', { ...lawful, age: { element: 'age' } }), 'x.json')
  assert.equal(asInput.code, 1)
  assert.match(asInput.err, /model\.protected_feature: age: age is a protected attribute/)

  const lawfulSpec = await spec('lawful', lawful)
  const first = fit(lawfulSpec, 'a.json')
  assert.equal(first.code, 0, first.err)
  assert.match(first.out, /months_late IV/)
  assert.match(first.out, /the regression converged in \d+ iterations/)
  const boosted = fit(lawfulSpec, 'boosted.json', '--method', 'boosted')
  assert.equal(boosted.code, 0, boosted.err)
  assert.match(boosted.out, /boosted shapes, 8 bags of \d+/)
  assert.equal(fit(lawfulSpec, 'x.json', '--method', 'forest').code, 64)
  assert.match(first.out, /region \(ignored\)/)
  assert.equal(fit(lawfulSpec, 'b.json').code, 0)
  const a = await readFile(join(dir, 'a.json'), 'utf8')
  assert.equal(a, await readFile(join(dir, 'b.json'), 'utf8'))
  const model = JSON.parse(a) as {
    seed: number
    auditOnly: string[]
    features: { name: string }[]
    inputs: Record<string, unknown>
    dictionary: string
  }
  assert.equal(model.seed, 7)
  assert.deepEqual(model.auditOnly, ['age'])
  assert.ok(!model.features.some((f) => f.name === 'age'))
  assert.deepEqual(model.inputs, {
    months_late: { element: 'monthlyRepaymentStatus', month: 1 },
    balance: { element: 'outstandingBalance' },
  })
  assert.match(model.dictionary, /^\d{4}\.\d+$/)
})

test('fides model refuses in one line naming the file, column or key: missing and malformed files, misspelt spec keys, an outcome in other words, a sample without the model columns', async () => {
  const { mkdtemp, writeFile } = await import('node:fs/promises')
  const { tmpdir } = await import('node:os')
  const { join } = await import('node:path')
  const dir = await mkdtemp(join(tmpdir(), 'fides-model-errors-'))
  const book = (outcome: (bad: boolean) => string) => {
    const lines = ['months_late,balance,bad']
    for (let i = 0; i < 1500; i++) {
      const late = i % 5
      lines.push(`${late},${(i * 37) % 5000},${outcome((i * 7919) % 100 < 10 + late * 12)}`)
    }
    return lines.join('\n') + '\n'
  }
  const file = async (name: string, text: string) => {
    await writeFile(join(dir, name), text)
    return join(dir, name)
  }
  const columns = {
    months_late: { element: 'monthlyRepaymentStatus', month: 1 },
    balance: { element: 'outstandingBalance' },
  }
  const spec = (extra: Record<string, unknown> = {}) => file('spec.json', JSON.stringify({ columns, ...extra }))
  const data = await file(
    'book.csv',
    book((bad) => (bad ? '1' : '0')),
  )
  const fit = (dataFile: string, specFile: string) =>
    fides('model', 'fit', dataFile, '--target', 'bad', '--spec', specFile, '--out', join(dir, 'model.json'))
  const oneLine = (r: { code: number | null; err: string }, pattern: RegExp) => {
    assert.equal(r.code, 1, r.err)
    assert.match(r.err, pattern)
    assert.equal(r.err.trim().split('\n').length, 1, `one line, no stack trace: ${r.err}`)
    assert.match(r.err, /^fides: /)
  }

  oneLine(fit(data, join(dir, 'absent.json')), /absent\.json: cannot read the spec \(no such file\)/)
  oneLine(fit(data, await file('broken.json', '{ "columns": ')), /broken\.json: the spec is not JSON/)
  oneLine(fit(join(dir, 'absent.csv'), await spec()), /absent\.csv: cannot read the data \(no such file\)/)
  oneLine(fit(data, await spec({ feature: {} })), /model\.bad_spec: the spec has no key "feature"/)
  oneLine(
    fit(data, await spec({ features: { balance: { specal: [-1] } } })),
    /features\.balance\.specal: no such setting/,
  )
  oneLine(
    fit(data, await spec({ features: { balance: { type: 'categorial' } } })),
    /features\.balance\.type is "numeric" or "categorical", not "categorial"/,
  )
  // the outcome in the file's own words: refused until the spec names them; 1.0 and 0.0 are 1 and 0
  const words = await file(
    'words.csv',
    book((bad) => (bad ? 'Bad' : 'Good')),
  )
  oneLine(
    fit(words, await spec()),
    /model\.bad_target: bad must be 1 \(bad\) or 0 \(good\): 1500 rows are neither \(line 2: "Bad"; line 3/,
  )
  const named = fit(words, await spec({ outcome: { bad: ['Bad'], good: ['Good'] } }))
  assert.equal(named.code, 0, named.err)
  assert.equal(
    fit(
      await file(
        'decimals.csv',
        book((bad) => (bad ? '1.0' : '0.0')),
      ),
      await spec(),
    ).code,
    0,
  )
  oneLine(
    fit(words, await spec({ outcome: { bad: ['Bad'], good: ['Bad'] } })),
    /outcome: Bad cannot be both bad and good/,
  )
  // the report reads a sample by the model's outcome words, and refuses one without the model's columns
  const model = join(dir, 'model.json')
  assert.equal(fit(words, await spec({ outcome: { bad: ['Bad'], good: ['Good'] } })).code, 0)
  const report = (sample: string) =>
    fides('model', 'report', model, '--data', sample, '--out', join(dir, 'report.html'))
  const read = report(words)
  assert.equal(read.code, 0, read.err)
  assert.doesNotMatch(read.out, /AUC 0\.500/)
  const without = await file('without.csv', book((bad) => (bad ? 'Bad' : 'Good')).replace(/^months_late,/, 'late,'))
  oneLine(report(without), /model\.no_column: the sample lacks the column months_late that the model reads/)
  oneLine(report(join(dir, 'absent.csv')), /absent\.csv: cannot read the data \(no such file\)/)
  oneLine(
    fides('model', 'report', await file('not-model.json', '{}'), '--data', words),
    /not-model\.json: not a fides scorecard model file/,
  )
})

test('fides model sample writes the characteristics and the outcome as fides model fit reads them, and refuses in one line', async () => {
  const { mkdtemp, readFile, writeFile } = await import('node:fs/promises')
  const { tmpdir } = await import('node:os')
  const { join } = await import('node:path')
  const dir = await mkdtemp(join(tmpdir(), 'fides-sample-'))
  const sample = (...args: string[]) => {
    const r = spawnSync(process.execPath, ['src/cli/main.ts', 'model', 'sample', ...args], {
      encoding: 'utf8',
      env: { ...process.env, FIDES_LOG_LEVEL: 'silent', FIDES_DATA_DIR: dir, DATABASE_URL: '' },
    })
    return { code: r.status, out: r.stdout, err: r.stderr }
  }
  const out = join(dir, 'sample.csv')
  const written = sample('--as-of', '2024-01-31', '--outcome-months', '12', '--out', out)
  assert.equal(written.code, 0, written.err)
  assert.match(written.out, /0 persons as of 2024-01-31, 0 bad within 12 months; fit it with fides model fit/)
  assert.equal(
    await readFile(out, 'utf8'),
    'months_since_60dpd,worst_delay_12m,opened_12m,open_accounts,utilisation,oldest_account_months,past_due_amount,inquiries_12m,bad\n',
  )
  const open = sample('--as-of', '2099-01-01', '--outcome-months', '12', '--out', out)
  assert.deepEqual([open.code, open.err.trim().split('\n').length], [1, 1])
  assert.match(
    open.err,
    /^fides: model\.window_open: the outcome window of 12 months after 2099-01-01 ends on 2100-01-01/,
  )
  const specFile = join(dir, 'formula.spec.json')
  await writeFile(specFile, JSON.stringify({ columns: { x: { characteristic: { kind: 'formula', of: 'a/b' } } } }))
  const formula = sample('--as-of', '2024-01-31', '--outcome-months', '12', '--model-or-spec', specFile, '--out', out)
  assert.equal(formula.code, 1)
  assert.match(
    formula.err,
    /^fides: model\.bad_characteristic: .*formula\.spec\.json: x: no characteristic kind "formula"/,
  )
  assert.equal(sample('--as-of', '2024-02-30', '--outcome-months', '12', '--out', out).code, 64)
})

test('fides model bins prints every feature binning table; a bad binning setting is one line naming its key; the report has the tables', async () => {
  const { mkdtemp, writeFile, readFile } = await import('node:fs/promises')
  const { tmpdir } = await import('node:os')
  const { join } = await import('node:path')
  const dir = await mkdtemp(join(tmpdir(), 'fides-model-bins-'))
  const lines = ['months_late,balance,bad']
  for (let i = 0; i < 2000; i++) {
    // 4 % of the rows are 3 months past due, and half of them go bad: a rare risky bin of its own
    const late = i % 25 === 0 ? 3 : i % 2
    lines.push(
      `${late},${i % 7 === 0 ? 99999 : (i * 37) % 5000},${(i * 7919) % 100 < (late === 3 ? 50 : 8 + late * 6) ? 1 : 0}`,
    )
  }
  const data = join(dir, 'book.csv')
  await writeFile(data, lines.join('\n') + '\n')
  const spec = async (features: Record<string, unknown>) => {
    const path = join(dir, 'spec.json')
    await writeFile(
      path,
      JSON.stringify({
        columns: {
          months_late: { element: 'monthlyRepaymentStatus', month: 1 },
          balance: { element: 'outstandingBalance' },
        },
        features,
      }),
    )
    return path
  }
  const ok = fides('model', 'bins', data, '--target', 'bad', '--spec', await spec({ balance: { special: [99999] } }))
  assert.equal(ok.code, 0, ok.err)
  assert.match(ok.out, /^months_late \(numeric, trend ascending\): IV \d\.\d{4}, quality \d\.\d{4}$/m)
  assert.match(ok.out, /^>= 3 +80 +4\.0 %/m)
  assert.match(ok.out, /^= 99999 +286 /m)
  assert.match(ok.out, /^bin +rows +share +goods +bads +bad rate +WOE +IV +JS$/m)
  assert.match(ok.out, /^total +2000 +100\.0 %/m)
  for (const [settings, message] of [
    [{ trend: 'upwards' }, /model\.bad_spec: features\.balance\.trend is "ascending", .* or "auto", not "upwards"/],
    [{ minBads: -1 }, /features\.balance\.minBads is a whole number, 0 or more, not -1/],
    [{ splits: [3, 1] }, /features\.balance\.splits is a list of ascending numbers/],
  ] as const) {
    const r = fides('model', 'bins', data, '--target', 'bad', '--spec', await spec({ balance: settings }))
    assert.equal(r.code, 1)
    assert.match(r.err, message)
    assert.equal(r.err.trim().split('\n').length, 1, r.err)
  }
  const model = join(dir, 'model.json')
  const fit = fides('model', 'fit', data, '--target', 'bad', '--spec', await spec({}), '--out', model)
  assert.equal(fit.code, 0, fit.err)
  const report = fides('model', 'report', model, '--data', data, '--out', join(dir, 'report.html'))
  assert.equal(report.code, 0, report.err)
  const html = await readFile(join(dir, 'report.html'), 'utf8')
  assert.match(html, /<h2>Binning tables/)
  assert.match(html, /<h4>months_late \(trend ascending\): IV \d\.\d{3}, quality \d\.\d{3}<\/h4>/)
})
