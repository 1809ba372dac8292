/**
 * The OpenAPI document served at /docs/json, linted by Redocly's CLI (@redocly/cli, pinned) under
 * redocly.yaml: the recommended rules find nothing, no error and no warning, and every tag an
 * operation uses is declared with its description. The CLI runs offline: its configuration is local
 * and its telemetry is off (in redocly.yaml and in its environment). The security of each operation is
 * its route's policy, as the authorisation matrix sees it.
 */
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { App } from '../src/app.ts'
import { operationIdOf } from '../src/platform/openapi.ts'
import { createTestDatabase, type TestDatabase } from './support/databases.ts'
import { recordsContext, testApp } from './support/context.ts'

const REDOCLY = new URL('../node_modules/@redocly/cli/bin/cli.js', import.meta.url).pathname
const CONFIG = new URL('../redocly.yaml', import.meta.url).pathname

interface LintReport {
  totals: { errors: number; warnings: number }
  problems: { ruleId: string; severity: string; message: string; location: { pointer?: string }[] }[]
}

type Operation = {
  operationId?: string
  tags?: string[]
  security?: Record<string, string[]>[]
}
interface Document {
  info: { license?: unknown }
  paths: Record<string, Record<string, Operation>>
}

/** Redocly's report on `document` (its exit status says only whether it found errors: the report says what). */
async function lint(document: Document): Promise<LintReport> {
  const dir = await mkdtemp(join(tmpdir(), 'fides-openapi-'))
  try {
    const file = join(dir, 'openapi.json')
    await writeFile(file, JSON.stringify(document))
    const stdout = await new Promise<string>((resolve, reject) =>
      execFile(
        process.execPath,
        [REDOCLY, 'lint', '--config', CONFIG, '--format=json', '--max-problems=1000', file],
        {
          env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
          timeout: 60_000,
          maxBuffer: 64 * 1024 * 1024,
        },
        (error, out, err) => (out.trim().startsWith('{') ? resolve(out) : reject(error ?? new Error(err))),
      ),
    )
    return JSON.parse(stdout) as LintReport
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

const listed = (report: LintReport) =>
  report.problems.map((p) => `${p.severity} ${p.ruleId} ${p.location[0]?.pointer ?? ''}: ${p.message}`).join('\n')

let database: TestDatabase
let app: App
let served: Document

before(async () => {
  database = await createTestDatabase('pglite')
  app = await testApp(await recordsContext(database.database))
  const res = await app.inject({ method: 'GET', url: '/docs/json' })
  assert.equal(res.statusCode, 200)
  served = res.json<Document>()
})

after(async () => {
  await app.close()
  await database.drop()
})

test("the served OpenAPI document passes Redocly's recommended rules with no error and no warning", async () => {
  const report = await lint(served)
  assert.equal(
    report.totals.errors + report.totals.warnings,
    0,
    `${report.totals.errors} errors, ${report.totals.warnings} warnings:\n${listed(report)}`,
  )
})

test('the lint finds what it is there to find: a missing licence, operationId, security or tag declaration', async () => {
  const broken = structuredClone(served)
  delete broken.info.license
  const operation = broken.paths['/v1/lists/entries']!.get!
  delete operation.operationId
  delete operation.security
  operation.tags = ['undeclared']
  const found = new Set((await lint(broken)).problems.map((p) => p.ruleId))
  for (const rule of ['info-license', 'operation-operationId', 'security-defined', 'operation-tag-defined'])
    assert.ok(found.has(rule), `${rule} is not reported: ${[...found].join(', ')}`)
})

test("each operation's security is its route's policy: none when public, else the roles it names, a session changing state with its CSRF header", () => {
  const operations = Object.entries(served.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({ method: method.toUpperCase(), path, operation })),
  )
  assert.ok(operations.length >= 80, `${operations.length} operations`)
  const ids = new Set<string>()
  for (const { method, path, operation } of operations) {
    const name = `${method} ${path}`
    const url = path.replace(/\{(\w+)\}/g, ':$1').replace(/:path$/, '*')
    const route = app.routeTable.find((r) => r.method === method && r.url === url)
    assert.ok(route, `${name}: no route`)
    assert.ok(operation.operationId && !ids.has(operation.operationId), `${name}: operationId ${operation.operationId}`)
    ids.add(operation.operationId)
    if (route.policy === 'public') {
      assert.deepEqual(operation.security, [], name)
      continue
    }
    const roles = new Set((operation.security ?? []).flatMap((r) => [...(r.apiKey ?? []), ...(r.session ?? [])]))
    assert.deepEqual([...roles].sort(), [...route.policy].sort(), name)
    for (const requirement of operation.security ?? [])
      if (requirement.session)
        assert.equal('csrf' in requirement, !['GET', 'HEAD', 'OPTIONS'].includes(method), `${name}: csrf`)
  }
})

test('operationIds are the method and the path without /v1, camelCase, a parameter read "by" and its name', () => {
  assert.equal(operationIdOf('GET', '/v1/me'), 'getMe')
  assert.equal(
    operationIdOf('POST', '/v1/lists/entries/:entryId/removal-condition'),
    'postListsEntriesByEntryIdRemovalCondition',
  )
  assert.equal(operationIdOf('DELETE', '/v1/session'), 'deleteSession')
  assert.equal(operationIdOf('GET', '/log/tile/*'), 'getLogTileByPath')
})
