import { after, before, test } from 'node:test'
import type { AddressInfo } from 'node:net'
import assert from 'node:assert/strict'
import type { App } from '../src/app.ts'
import { login, registerSubjectAccount, verifySubjectAccount } from '../src/modules/access/index.ts'
import { submitRecord } from '../src/modules/records/index.ts'
import {
  leafHash,
  logIdentity,
  openCheckpoint,
  parseVerifierKey,
  sequence,
  signingKeyFromSeed,
  signLatest,
  verifierKey,
  verifyConsistency,
  verifyInclusion,
  verifyRemote,
  type LogIdentity,
} from '../src/modules/transparency/index.ts'
import { appendAuditEvent } from '../src/platform/audit.ts'
import { loadConfig } from '../src/config.ts'
import { createTestDatabase, describeEachEngine, whenSettled } from './support/databases.ts'
import { kindWhere, makeSource, newResidentId, organisationRecord, recordsContext, testApp } from './support/context.ts'

const json = (text: string) => JSON.parse(text) as Record<string, unknown>
const b64 = (s: string) => Buffer.from(s, 'base64')

describeEachEngine('the transparency log over HTTP: anyone verifies, a subject proves its own events', (db) => {
  let app: App
  let ctx: Awaited<ReturnType<typeof recordsContext>>
  let log: LogIdentity
  let cookie: string
  let personId: string

  before(async () => {
    ctx = await recordsContext(db())
    const seed = Buffer.alloc(32, 9)
    app = await testApp(ctx, { FIDES_LOG_KEY: seed.toString('base64'), FIDES_LOG_ORIGIN: 'credit.test/log' })
    log = logIdentity(
      (
        await loadConfig({
          FIDES_DATA_DIR: ':memory:',
          FIDES_LOG_KEY: seed.toString('base64'),
          FIDES_LOG_ORIGIN: 'credit.test/log',
        })
      ).log,
    )
    const loan = kindWhere(ctx.catalogue, (k) => k.code === 'loan_account')
    const source = await makeSource(ctx, [loan.code])
    const residentId = newResidentId()
    personId = (
      await submitRecord(
        ctx,
        source,
        { type: 'source', id: source.name },
        organisationRecord(loan, { subject: { residentId, name: '黄丽' } }),
      )
    ).subjectId
    const { accountId } = await registerSubjectAccount(db(), ctx.clock, ctx.keys, {
      username: 'huang.li',
      password: 'a long enough passphrase',
      displayName: '黄丽',
      subject: { residentId, name: '黄丽' },
    })
    await verifySubjectAccount(db(), ctx.clock, { type: 'officer', id: 'test' }, accountId)
    cookie = `fides_session=${(await login(db(), ctx.clock, ctx.keys, { username: 'huang.li', password: 'a long enough passphrase', address: '127.0.0.1' })).sessionToken}`
  })

  test('before the first checkpoint the log says so, with a problem document', async () => {
    const res = await app.inject({ method: 'GET', url: '/v1/log/checkpoint' })
    assert.equal(res.statusCode, 503)
    assert.equal(json(res.body).code, 'log.not_ready')
  })

  test('the published key verifies the published checkpoint, and the proofs served verify against it', async () => {
    await whenSettled(db())
    await sequence(db())
    const firstNote = await signLatest(db(), ctx.clock, log)
    await submitRecord(
      ctx,
      await makeSource(ctx, ['admin_licence']),
      { type: 'source', id: 'x' },
      organisationRecord(kindWhere(ctx.catalogue, (k) => k.code === 'admin_licence')),
    )
    await whenSettled(db())
    await sequence(db())
    await signLatest(db(), ctx.clock, log)

    const key = (await app.inject({ method: 'GET', url: '/v1/log/key' })).body.trim()
    assert.match(key, /^credit\.test\/log\+[0-9a-f]{8}\+/)
    const verifier = parseVerifierKey(key)
    const note = await app.inject({ method: 'GET', url: '/v1/log/checkpoint' })
    assert.match(String(note.headers['content-type']), /text\/plain/)
    const checkpoint = openCheckpoint(note.body, verifier)
    assert.ok(checkpoint.ok)
    const first = openCheckpoint(firstNote, verifier)
    assert.ok(first.ok && first.value.size < checkpoint.value.size)

    for (let leaf = 0; leaf < checkpoint.value.size; leaf++) {
      const res = await app.inject({
        method: 'GET',
        url: `/v1/log/proof/inclusion?leaf=${leaf}&size=${checkpoint.value.size}`,
      })
      const p = json(res.body) as { leafHash: string; proof: string[] }
      assert.ok(
        verifyInclusion(leaf, checkpoint.value.size, b64(p.leafHash), p.proof.map(b64), checkpoint.value.root),
        `leaf ${leaf}`,
      )
    }
    const consistency = json(
      (
        await app.inject({
          method: 'GET',
          url: `/v1/log/proof/consistency?from=${first.value.size}&to=${checkpoint.value.size}`,
        })
      ).body,
    ) as { proof: string[] }
    assert.ok(
      verifyConsistency(
        first.value.size,
        checkpoint.value.size,
        first.value.root,
        checkpoint.value.root,
        consistency.proof.map(b64),
      ),
    )
  })

  test('bad questions get problem documents naming the parameter', async () => {
    const beyond = json((await app.inject({ method: 'GET', url: '/v1/log/proof/inclusion?leaf=0&size=999999' })).body)
    assert.equal(beyond.code, 'log.size_unknown')
    assert.deepEqual(
      (beyond.errors as { pointer: string }[]).map((e) => e.pointer),
      ['/size'],
    )
    const outside = json((await app.inject({ method: 'GET', url: '/v1/log/proof/inclusion?leaf=5&size=5' })).body)
    assert.equal(outside.code, 'log.leaf_unknown')
    const negative = json((await app.inject({ method: 'GET', url: '/v1/log/proof/consistency?from=-1&to=2' })).body)
    assert.equal(negative.code, 'request.invalid')
    const backwards = json((await app.inject({ method: 'GET', url: '/v1/log/proof/consistency?from=3&to=2' })).body)
    assert.equal(backwards.code, 'log.size_unknown')
  })

  test('a subject gets each event about itself, its canonical bytes and a proof, and can check them alone', async () => {
    await whenSettled(db())
    await sequence(db())
    await signLatest(db(), ctx.clock, log)
    const res = await app.inject({ method: 'GET', url: '/v1/me/log', headers: { cookie } })
    assert.equal(res.statusCode, 200, res.body)
    const body = json(res.body) as {
      checkpoint: string
      treeSize: number
      entries: { leafIndex: number; action: string; canonical: string; proof: string[] }[]
    }
    const verifier = parseVerifierKey((await app.inject({ method: 'GET', url: '/v1/log/key' })).body)
    const checkpoint = openCheckpoint(body.checkpoint, verifier)
    assert.ok(checkpoint.ok)
    assert.deepEqual(
      body.entries.map((e) => e.action),
      ['subject.registered', 'record.accepted', 'account.registered', 'account.verified'],
    )
    assert.ok(
      body.entries.every((e, i) => i === 0 || e.leafIndex > body.entries[i - 1]!.leafIndex),
      'in log order',
    )
    assert.ok(
      body.entries.every((e) => !e.canonical.includes('huang.li') && !e.canonical.includes('黄丽')),
      'no username, no name',
    )
    for (const entry of body.entries) {
      assert.equal((JSON.parse(entry.canonical) as { subjectId: string }).subjectId, personId)
      assert.ok(
        verifyInclusion(
          entry.leafIndex,
          checkpoint.value.size,
          leafHash(Buffer.from(entry.canonical, 'utf8')),
          entry.proof.map(b64),
          checkpoint.value.root,
        ),
      )
    }
  })

  test('an outside auditor: first contact, then proof that the log only grew; a rewritten history or another key fails', async () => {
    await app.listen({ host: '127.0.0.1', port: 0 })
    const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`
    const verifier = parseVerifierKey(verifierKey(log.key))
    const first = await verifyRemote(base, verifier, null)
    assert.ok(first.ok && first.from === null)
    for (let i = 0; i < 5; i++)
      await appendAuditEvent(db().db, ctx.clock.now(), {
        action: 'subject.file_viewed',
        actor: { type: 'officer', id: 'k' },
        subjectId: null,
        objectType: 'subject',
        objectId: `x${i}`,
        payload: { history: false },
      })
    await whenSettled(db())
    await sequence(db())
    await signLatest(db(), ctx.clock, log)
    const second = await verifyRemote(base, verifier, first.note)
    assert.ok(second.ok && second.from === first.checkpoint.size && second.checkpoint.size > first.checkpoint.size)

    // another instance holding a different history, signing with the very same key: caught
    const forged = await createTestDatabase('pglite')
    const forgedCtx = await recordsContext(forged.database)
    const forgedApp = await testApp(forgedCtx, {
      FIDES_LOG_KEY: Buffer.alloc(32, 9).toString('base64'),
      FIDES_LOG_ORIGIN: 'credit.test/log',
    })
    try {
      for (let i = 0; i < second.checkpoint.size + 3; i++)
        await appendAuditEvent(forged.database.db, forgedCtx.clock.now(), {
          action: 'subject.file_viewed',
          actor: { type: 'officer', id: 'forger' },
          subjectId: null,
          objectType: 'subject',
          objectId: `f${i}`,
          payload: { history: false },
        })
      await whenSettled(forged.database)
      await sequence(forged.database)
      await signLatest(forged.database, forgedCtx.clock, log)
      await forgedApp.listen({ host: '127.0.0.1', port: 0 })
      const forgedBase = `http://127.0.0.1:${(forgedApp.server.address() as AddressInfo).port}`
      const caught = await verifyRemote(forgedBase, verifier, second.note)
      assert.ok(!caught.ok && /history was rewritten/.test(caught.reason), JSON.stringify(caught))
      const stranger = parseVerifierKey(verifierKey(signingKeyFromSeed('credit.test/log', Buffer.alloc(32, 1))))
      const wrongKey = await verifyRemote(base, stranger, null)
      assert.ok(!wrongKey.ok && /does not verify/.test(wrongKey.reason))
    } finally {
      await forgedApp.close()
      await forged.drop()
    }
  })

  after(() => app.close())
})
