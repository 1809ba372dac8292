import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'

function fides(...args: string[]) {
  const r = spawnSync(process.execPath, ['src/cli/main.ts', ...args], { encoding: 'utf8', env: { ...process.env, FIDES_LOG_LEVEL: 'silent' } })
  return { code: r.status, out: r.stdout, err: r.stderr }
}

test('fides catalogue check accepts the default catalogue and refuses forbidden data, naming it', () => {
  const ok = fides('catalogue', 'check', 'catalogue/record-kinds.json')
  assert.equal(ok.code, 0, ok.err)
  assert.match(ok.out, /valid catalogue 2026\.1, \d+ kinds, within the charter/)
  const religion = fides('catalogue', 'check', 'catalogue/examples/forbidden-religion.json')
  assert.equal(religion.code, 1)
  assert.match(religion.err, /catalogue\.forbidden_\w+ at \/kinds\/\d+/)
  assert.match(religion.err, /religio/i)
  const lists = fides('catalogue', 'check', 'catalogue/lists.json')
  assert.equal(lists.code, 0, lists.err)
  assert.match(lists.out, /valid list catalogue 2026\.1, 5 list kinds, 4 measures, within the charter/)
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
