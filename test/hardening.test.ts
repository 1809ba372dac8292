import { test } from 'node:test'
import assert from 'node:assert/strict'
import { Writable } from 'node:stream'
import { addRelyingParty, grantConsent } from '../src/modules/access/index.ts'
import { issueOfficerKey } from '../src/modules/sources/index.ts'
import { describeEachEngine } from './support/databases.ts'
import { kindWhere, makeSource, newResidentId, organisationRecord, recordsContext, testApp } from './support/context.ts'

describeEachEngine('hardening', (db) => {
  test('security headers are set, and a key over its rate limit gets 429 problem+json while other keys go on', async () => {
    const ctx = await recordsContext(db())
    const app = await testApp(ctx, { FIDES_RATE_LIMIT: '3' })
    const first = (await issueOfficerKey(db(), ctx.clock, { type: 'operator', id: 't' }, 'a')).apiKey
    const second = (await issueOfficerKey(db(), ctx.clock, { type: 'operator', id: 't' }, 'b')).apiKey
    const call = (key: string) =>
      app.inject({ method: 'GET', url: '/v1/catalogue', headers: { authorization: `Bearer ${key}` } })
    const ok = await call(first)
    assert.equal(ok.headers['x-content-type-options'], 'nosniff')
    assert.ok(ok.headers['strict-transport-security'])
    await call(first)
    await call(first)
    const limited = await call(first)
    assert.equal(limited.statusCode, 429)
    assert.match(String(limited.headers['content-type']), /^application\/problem\+json/)
    assert.equal((JSON.parse(limited.body) as { code: string }).code, 'request.rate_limited')
    assert.equal((await call(second)).statusCode, 200, 'the limit is per key')
    await app.close()
  })

  test('request bodies are limited per route: 1 MiB for a record, 16 KiB for small forms, as 413 problem+json', async () => {
    const ctx = await recordsContext(db())
    const app = await testApp(ctx)
    const source = await makeSource(ctx, 'all')
    const big = JSON.stringify({ padding: 'x'.repeat(1024 * 1024 + 10) })
    const record = await app.inject({
      method: 'POST',
      url: '/v1/records',
      headers: { authorization: `Bearer ${source.apiKey}`, 'content-type': 'application/json' },
      payload: big,
    })
    assert.equal(record.statusCode, 413)
    assert.equal((JSON.parse(record.body) as { code: string }).code, 'request.too_large')
    const form = await app.inject({
      method: 'POST',
      url: '/v1/session',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ username: 'x', password: 'y'.repeat(20_000) }),
    })
    assert.equal(form.statusCode, 413)
    await app.close()
  })

  test("no personal identifier or person's name reaches any log line, whatever the requests carry", async () => {
    const ctx = await recordsContext(db())
    const lines: string[] = []
    const logStream = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk))
        done()
      },
    })
    const app = await testApp(ctx, { FIDES_LOG_LEVEL: 'trace' }, logStream)
    const loan = kindWhere(ctx.catalogue, (k) => k.code === 'loan_account')
    const source = await makeSource(ctx, [loan.code], 'lender')
    const officer = (await issueOfficerKey(db(), ctx.clock, { type: 'operator', id: 't' }, 'o')).apiKey
    const party = await addRelyingParty(
      db(),
      ctx.clock,
      { type: 'operator', id: 't' },
      { name: `log-bank-${process.pid}`, displayName: 'bank', partyType: 'lender', purposes: ['credit_application'] },
    )
    const residentId = newResidentId()
    const name = '欧阳娜娜'
    const headers = (key: string, type = 'application/json') => ({
      authorization: `Bearer ${key}`,
      'content-type': type,
    })
    const good = organisationRecord(loan, { subject: { residentId, name } })
    const created = await app.inject({
      method: 'POST',
      url: '/v1/records',
      headers: headers(source.apiKey),
      payload: JSON.stringify(good),
    })
    assert.equal(created.statusCode, 201, created.body)
    const subjectId = (JSON.parse(created.body) as { subjectId: string }).subjectId
    const wrongCheck = residentId.slice(0, 17) + (residentId.endsWith('1') ? '2' : '1')
    const requests = [
      app.inject({
        method: 'POST',
        url: '/v1/records',
        headers: headers(source.apiKey),
        payload: JSON.stringify({ ...good, subject: { residentId: wrongCheck, name } }),
      }),
      app.inject({
        method: 'POST',
        url: '/v1/records',
        headers: headers(source.apiKey),
        payload: `{"subject": {"residentId": "${residentId}", "name": "${name}"}, broken`,
      }),
      app.inject({
        method: 'POST',
        url: '/v1/records/batch',
        headers: headers(source.apiKey, 'application/x-ndjson'),
        payload: [
          JSON.stringify(good),
          JSON.stringify({ ...good, kind: 'nope' }),
          `{"residentId":"${residentId}"`,
        ].join('\n'),
      }),
      app.inject({
        method: 'POST',
        url: '/v1/subjects/lookup',
        headers: headers(officer),
        payload: JSON.stringify({ residentId }),
      }),
      app.inject({
        method: 'POST',
        url: '/v1/subjects/lookup',
        headers: headers(officer),
        payload: JSON.stringify({ residentId: wrongCheck }),
      }),
      app.inject({ method: 'GET', url: `/v1/subjects/${subjectId}/file?history=true`, headers: headers(officer) }),
      app.inject({
        method: 'GET',
        url: `/v1/reports/${subjectId}?purpose=credit_application`,
        headers: headers(party.apiKey),
      }),
    ]
    await Promise.all(requests)
    await grantConsent(
      db(),
      ctx.clock,
      { type: 'operator', id: 't' },
      {
        subjectId,
        relyingParty: party.relyingParty.name,
        purpose: 'credit_application',
        expiresAt: new Date(ctx.clock.now().getTime() + 86_400_000),
        evidence: 'form',
      },
    )
    assert.equal(
      (
        await app.inject({
          method: 'GET',
          url: `/v1/reports/${subjectId}?purpose=credit_application`,
          headers: headers(party.apiKey),
        })
      ).statusCode,
      200,
    )
    await app.close()
    const log = lines.join('')
    assert.ok(lines.length >= 16, `only ${lines.length} log lines: is the logger capturing?`)
    assert.ok(
      log.includes(subjectId),
      'the scan sees request content: the pseudonymous subject id of the URLs is there',
    )
    for (const secret of [residentId, wrongCheck, residentId.slice(6, 14), name])
      assert.ok(!log.includes(secret), `a log line holds ${secret === name ? 'the name' : 'an identifier'}`)
    assert.ok(!/fides_[A-Za-z0-9]{16}_[A-Za-z0-9_-]{43}/.test(log), 'a log line holds an API key')
  })
})
