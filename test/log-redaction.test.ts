import { test } from 'node:test'
import assert from 'node:assert/strict'
import { Writable } from 'node:stream'
import { addDepartment, addRelyingParty, createStaffAccount } from '../src/modules/access/index.ts'
import { submitRecord } from '../src/modules/records/index.ts'
import { describeEachEngine } from './support/databases.ts'
import {
  kindWhere,
  makeSource,
  newResidentId,
  newUscc,
  organisationRecord,
  recordsContext,
  testApp,
} from './support/context.ts'

const fullwidth = (text: string) => [...text].map((c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).join('')
const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString()
const cookiesOf = (res: { headers: Record<string, unknown> }) =>
  ([] as string[])
    .concat((res.headers['set-cookie'] ?? []) as string[])
    .map((c) => c.split(';')[0])
    .filter((c) => !/=$/.test(c!))
    .join('; ')

describeEachEngine('no identity number or code reaches the log through a URL or an error', (db) => {
  test('each way the issue lists, in every form the identifier may be written', async () => {
    const ctx = await recordsContext(db())
    const lines: string[] = []
    const logStream = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk))
        done()
      },
    })
    const app = await testApp(ctx, { FIDES_LOG_LEVEL: 'trace' }, logStream)
    // an error that is not ours, whose message holds what the request carried
    app.get('/v1/test-failure/:what', { config: { policy: 'public' }, schema: { hide: true } }, async (request) => {
      throw new Error(`could not handle ${(request.params as { what: string }).what}`)
    })
    const operator = { type: 'operator', id: 't' } as const
    const licence = kindWhere(ctx.catalogue, (k) => k.code === 'admin_licence')
    const source = await makeSource(ctx, [licence.code])
    const organisation = { uscc: newUscc(), name: '福州闽江食品有限公司' }
    await submitRecord(
      ctx,
      source,
      { type: 'source', id: source.name },
      organisationRecord(licence, { subject: organisation }),
    )
    const residentId = newResidentId()
    const { apiKey: departmentKey } = await addDepartment(db(), ctx.clock, operator, {
      name: `log-dept-${process.pid}`,
      displayName: '市场监管局',
      domains: ['licensing'],
    })
    const bank = await addRelyingParty(db(), ctx.clock, operator, {
      name: `log-bank-${process.pid}`,
      displayName: '银行',
      partyType: 'lender',
      purposes: ['credit_application'],
    })
    const { password } = await createStaffAccount(db(), ctx.clock, operator, {
      username: `log.clerk.${process.pid}`,
      displayName: '信贷员',
      role: 'relying_party',
      relyingPartyName: bank.relyingParty.name,
    })

    const get = (url: string, headers: Record<string, string> = {}) => app.inject({ method: 'GET', url, headers })
    const secrets = [residentId, organisation.uscc]
    for (const id of secrets) {
      for (const written of [id, id.toLowerCase(), fullwidth(id)]) {
        const q = encodeURIComponent(written)
        assert.equal(
          (await get(`/search?q=${q}`)).statusCode,
          303,
          'the portal does not search for an identifier in a URL',
        )
        assert.equal((await get(`/v1/public/search?q=${q}`)).statusCode, 200)
        assert.equal((await get(`/v1/public/search?q=${written}`)).statusCode, 200)
        const check = (
          await get(`/v1/checks?subject=${q}&domain=licensing`, { authorization: `Bearer ${departmentKey}` })
        ).statusCode
        if (id === residentId) assert.equal(check, 400, 'a person is never checked by a URL')
        assert.equal(
          (await get(`/v1/checks?subject=${q}&domain=licensing`)).statusCode,
          401,
          'refused before anything is read',
        )
        assert.equal((await get(`/v1/nothing/here/${q}`)).statusCode, 404)
        assert.equal((await get(`/org/${q}`)).statusCode, 404)
        assert.equal((await get(`/v1/test-failure/${q}`)).statusCode, 500)
      }
      // an identity number as a person may type it, in groups
      if (id === residentId)
        assert.equal(
          (await get(`/v1/public/search?q=${id.slice(0, 6)}+${id.slice(6, 14)}+${id.slice(14)}`)).statusCode,
          200,
        )
      // the portal's search form and the API's own POST: the identifier is in the body
      const found = await app.inject({
        method: 'POST',
        url: '/search',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: form({ q: id }),
      })
      assert.equal(found.statusCode, 200)
      assert.equal(found.body.includes(organisation.name), id === organisation.uscc)
      assert.equal(
        (
          await app.inject({
            method: 'POST',
            url: '/v1/public/search',
            headers: { 'content-type': 'application/json' },
            payload: JSON.stringify({ q: id }),
          })
        ).statusCode,
        200,
      )
    }

    // the relying party's console, asking for an organisation's report by its code
    const signin = await get('/signin')
    const token = /name="signin" value="([^"]+)"/.exec(signin.body)?.[1] ?? ''
    const signedIn = await app.inject({
      method: 'POST',
      url: '/signin',
      headers: { cookie: cookiesOf(signin), 'content-type': 'application/x-www-form-urlencoded' },
      payload: form({ signin: token, username: `log.clerk.${process.pid}`, password }),
    })
    const cookie = cookiesOf(signedIn)
    const csrf = /fides_portal_csrf=([^;]+)/.exec(cookie)?.[1] ?? ''
    assert.ok(csrf, 'signed in')
    // an organisation by its code, a person by identity number and name (no consent: refused, in words)
    const asked: Record<string, string>[] = [
      { form: 'organisation', uscc: organisation.uscc },
      { form: 'person', residentId, name: '张三' },
    ]
    for (const fields of asked) {
      const report = await app.inject({
        method: 'POST',
        url: '/relying-party/report',
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
        payload: form({ csrf, ...fields, purpose: 'credit_application' }),
      })
      if (fields.form === 'organisation') assert.equal(report.statusCode, 200, report.body.slice(0, 300))
      else assert.ok(report.statusCode >= 400 && report.statusCode < 500, String(report.statusCode))
    }
    await app.close()

    const log = lines.join('')
    assert.ok(lines.length > 100, `only ${lines.length} log lines: is the logger capturing?`)
    assert.ok(log.includes('/v1/nothing/here/[redacted]'), 'the URLs are logged, redacted')
    assert.ok(log.includes('could not handle [redacted]'), 'the error is logged, redacted')
    for (const id of secrets) {
      for (const written of [
        id,
        id.toLowerCase(),
        fullwidth(id),
        encodeURIComponent(fullwidth(id)),
        ...(id === residentId ? [id.slice(6, 14)] : []),
      ]) {
        assert.ok(!log.includes(written), `a log line holds ${written}: ${lines.find((l) => l.includes(written))}`)
      }
    }
  })
})
