import { before, test } from 'node:test'
import assert from 'node:assert/strict'
import Fastify from 'fastify'
import { buildApp, type App } from '../src/app.ts'
import { loadConfig } from '../src/config.ts'
import { addRelyingParty } from '../src/modules/access/index.ts'
import { issueOfficerKey } from '../src/modules/sources/index.ts'
import { registerAuthentication, type Role } from '../src/platform/http.ts'
import { describeEachEngine } from './support/databases.ts'
import { makeSource, recordsContext } from './support/context.ts'

const AUTH_REFUSALS = new Set(['auth.missing_credentials', 'auth.forbidden'])
const ANY_ID = '00000000-0000-8000-8000-000000000000'

describeEachEngine('authorisation matrix: every route x every role', (db) => {
  let app: App
  const keys = new Map<Role | 'none', string | undefined>()

  before(async () => {
    const ctx = await recordsContext(db())
    const config = Object.freeze({ ...(await loadConfig({ FIDES_DATA_DIR: ':memory:', FIDES_LOG_LEVEL: 'silent' })), keys: ctx.keys })
    app = await buildApp({ config, database: db(), clock: ctx.clock, catalogue: ctx.catalogue }, { logger: false })
    keys.set('none', undefined)
    keys.set('source', (await makeSource(ctx, 'all')).apiKey)
    keys.set('officer', (await issueOfficerKey(db(), ctx.clock, { type: 'operator', id: 'test' }, 'officer')).apiKey)
    keys.set('relying_party', (await addRelyingParty(db(), ctx.clock, { type: 'operator', id: 'test' }, { name: `matrix-${process.pid}`, displayName: 'matrix', partyType: 'lender', purposes: ['credit_application'] })).apiKey)
  })

  test('each role reaches exactly the routes its policy names, and nobody else gets past authorisation', async () => {
    assert.ok(app.routeTable.length >= 12, `only ${app.routeTable.length} routes in the table`)
    const roles: Role[] = ['source', 'officer', 'relying_party']
    for (const route of app.routeTable) {
      for (const caller of ['none', ...roles] as const) {
        const key = keys.get(caller)
        const res = await app.inject({
          method: route.method as 'GET' | 'POST',
          url: route.url.replace(/:[A-Za-z]+/g, ANY_ID),
          headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...(route.method === 'POST' ? { 'content-type': 'application/json' } : {}) },
          ...(route.method === 'POST' ? { payload: '{}' } : {}),
        })
        const code = res.statusCode >= 400 ? (JSON.parse(res.body) as { code?: string }).code : undefined
        const allowed = route.policy === 'public' || (caller !== 'none' && route.policy.includes(caller))
        const where = `${route.method} ${route.url} as ${caller}: ${res.statusCode} ${code ?? ''}`
        if (allowed) assert.ok(!AUTH_REFUSALS.has(code ?? ''), `refused but allowed by policy: ${where}`)
        else assert.equal(code, caller === 'none' ? 'auth.missing_credentials' : 'auth.forbidden', `not refused: ${where}`)
      }
    }
  })
})

test('a route that declares no policy cannot be registered; one that does is in the route table', async () => {
  const app = Fastify()
  registerAuthentication(app, async () => null)
  assert.throws(() => app.get('/v1/forgotten', async () => 'oops'), /route GET \/v1\/forgotten declares no policy/)
  app.get('/v1/declared', { config: { policy: 'public' } }, async () => 'fine')
  await app.ready()
  assert.deepEqual(app.routeTable, [{ method: 'GET', url: '/v1/declared', policy: 'public' }])
})
