import { before, test } from 'node:test'
import assert from 'node:assert/strict'
import Fastify from 'fastify'
import type { App } from '../src/app.ts'
import {
  addDepartment,
  addRelyingParty,
  createStaffAccount,
  login,
  registerSubjectAccount,
  verifySubjectAccount,
} from '../src/modules/access/index.ts'
import { issueOfficerKey } from '../src/modules/sources/index.ts'
import { registerAuthentication, type Role } from '../src/platform/http.ts'
import { roles } from '../src/platform/principal.ts'
import { describeEachEngine } from './support/databases.ts'
import { makeSource, newResidentId, recordsContext, testApp } from './support/context.ts'

const AUTH_REFUSALS = new Set(['auth.missing_credentials', 'auth.forbidden'])
const ANY_ID = '00000000-0000-8000-8000-000000000000'

describeEachEngine('authorisation matrix: every route x every role', (db) => {
  let app: App
  const keys = new Map<Role | 'none', string | undefined>()
  const sessions = new Map<Role, { cookie: string; csrf: string }>()

  before(async () => {
    const ctx = await recordsContext(db())
    app = await testApp(ctx)
    keys.set('none', undefined)
    keys.set('source', (await makeSource(ctx, 'all')).apiKey)
    keys.set('officer', (await issueOfficerKey(db(), ctx.clock, { type: 'operator', id: 'test' }, 'officer')).apiKey)
    keys.set(
      'relying_party',
      (
        await addRelyingParty(
          db(),
          ctx.clock,
          { type: 'operator', id: 'test' },
          {
            name: `matrix-${process.pid}`,
            displayName: 'matrix',
            partyType: 'lender',
            purposes: ['credit_application'],
          },
        )
      ).apiKey,
    )
    keys.set(
      'department',
      (
        await addDepartment(
          db(),
          ctx.clock,
          { type: 'operator', id: 'test' },
          { name: `matrix-dept-${process.pid}`, displayName: 'matrix', domains: ['public_procurement'] },
        )
      ).apiKey,
    )
    // people sign in: an auditor, and a subject whose account an officer has verified
    const auditor = await createStaffAccount(
      db(),
      ctx.clock,
      { type: 'operator', id: 'test' },
      { username: 'matrix-auditor', displayName: 'Auditor', role: 'auditor' },
    )
    const subject = await registerSubjectAccount(db(), ctx.clock, ctx.keys, {
      username: 'matrix-subject',
      password: 'a long enough passphrase',
      displayName: 'Subject',
      subject: { residentId: newResidentId(), name: '周明' },
    })
    await verifySubjectAccount(db(), ctx.clock, { type: 'officer', id: 'test' }, subject.accountId)
    for (const [role, username, password] of [
      ['auditor', 'matrix-auditor', auditor.password],
      ['subject', 'matrix-subject', 'a long enough passphrase'],
    ] as const) {
      const session = await login(db(), ctx.clock, ctx.keys, { username, password, address: '127.0.0.1' })
      sessions.set(role, { cookie: `fides_session=${session.sessionToken}`, csrf: session.csrfToken })
    }
  })

  test('each role reaches exactly the routes its policy names, and nobody else gets past authorisation', async () => {
    assert.ok(app.routeTable.length >= 12, `only ${app.routeTable.length} routes in the table`)
    // every role there is (principal.ts), each with real credentials: a new role cannot go untested
    for (const role of roles) assert.ok(keys.has(role) || sessions.has(role), `no credentials for the role ${role}`)
    // signing out ends the session it is called with: last
    const routes = [...app.routeTable].sort((a, b) => Number(a.method === 'DELETE') - Number(b.method === 'DELETE'))
    for (const route of routes) {
      for (const caller of ['none', ...roles] as const) {
        const key = caller === 'none' ? undefined : keys.get(caller)
        const session = caller === 'none' ? undefined : sessions.get(caller)
        const res = await app.inject({
          method: route.method as 'GET' | 'POST' | 'DELETE',
          url: route.url.replace(/:[A-Za-z]+/g, ANY_ID),
          headers: {
            ...(key ? { authorization: `Bearer ${key}` } : {}),
            ...(session ? { cookie: session.cookie, 'x-csrf-token': session.csrf } : {}),
            ...(route.method === 'POST' ? { 'content-type': 'application/json' } : {}),
          },
          ...(route.method === 'POST' ? { payload: '{}' } : {}),
        })
        // the portal's pages answer in HTML, the API in problem+json
        const code =
          res.statusCode >= 400 && String(res.headers['content-type']).includes('json')
            ? (JSON.parse(res.body) as { code?: string }).code
            : undefined
        const allowed = route.policy === 'public' || (caller !== 'none' && route.policy.includes(caller))
        const where = `${route.method} ${route.url} as ${caller}: ${res.statusCode} ${code ?? ''}`
        if (allowed) assert.ok(!AUTH_REFUSALS.has(code ?? ''), `refused but allowed by policy: ${where}`)
        else
          assert.equal(code, caller === 'none' ? 'auth.missing_credentials' : 'auth.forbidden', `not refused: ${where}`)
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
