import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { sql } from 'kysely'
import { submitRecord } from '../src/modules/records/index.ts'
import { runMaintenance } from '../src/modules/retention/index.ts'
import { issueOfficerKey } from '../src/modules/sources/index.ts'
import { describeEachEngine } from './support/databases.ts'
import {
  kindWhere,
  makeSource,
  newUscc,
  organisationRecord,
  recordsContext,
  subjectAccount,
  testApp,
} from './support/context.ts'

type Json = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any

describeEachEngine(
  'evidence documents: uploaded by the subject, cited by id, encrypted, read by officers with the look recorded',
  (db) => {
    async function setup() {
      const ctx = await recordsContext(db(), '2026-06-01T02:00:00Z')
      const app = await testApp(ctx)
      const kind = kindWhere(ctx.catalogue, (k) => k.code === 'admin_penalty_general')
      const source = await makeSource(ctx, [kind.code])
      const company = { uscc: newUscc(), name: '福州鼓楼证据测试有限公司' }
      const record = await submitRecord(
        ctx,
        source,
        { type: 'source', id: source.name },
        organisationRecord(kind, { subject: company, decidedOn: '2026-04-01' }),
      )
      const account = await subjectAccount(ctx, company)
      const officer = (await issueOfficerKey(db(), ctx.clock, { type: 'operator', id: 'test' }, 'officer')).apiKey
      const upload = async (content: Buffer | string, type = 'application/pdf', as = account) =>
        app.inject({
          method: 'POST',
          url: '/v1/me/evidence?fileName=%E6%94%B6%E6%8D%AE.pdf',
          headers: { ...(await as.headers()), 'content-type': type },
          payload: content,
        })
      const object = async (evidence: unknown[], as = account, recordId = record.recordId) =>
        app.inject({
          method: 'POST',
          url: '/v1/me/objections',
          headers: { ...(await as.headers()), 'content-type': 'application/json' },
          payload: JSON.stringify({ recordId, reasons: '罚款已撤销', evidence }),
        })
      return { ctx, app, kind, source, record, account, officer, upload, object }
    }
    const pdf = Buffer.from('%PDF-1.4\n% a receipt\n%%EOF\n')

    test('a document is stored encrypted, cited by id with its fingerprint, read back by its subject and by an officer (whose look is recorded)', async () => {
      const { app, record, account, officer, upload, object } = await setup()
      const res = await upload(pdf)
      assert.equal(res.statusCode, 201, res.body)
      const doc = JSON.parse(res.body) as Json
      assert.deepEqual(
        [doc.documentName, doc.mediaType, doc.size, doc.sha256],
        ['收据.pdf', 'application/pdf', pdf.length, createHash('sha256').update(pdf).digest('hex')],
      )
      const row = (
        await sql<{
          content_enc: Buffer
          name_enc: Buffer
        }>`SELECT content_enc, name_enc FROM evidence_documents WHERE document_id = ${doc.documentId}`.execute(db().db)
      ).rows[0]!
      assert.ok(
        !Buffer.from(row.content_enc).includes(Buffer.from('a receipt')) &&
          !Buffer.from(row.name_enc).includes(Buffer.from('收据')),
        'neither content nor name in the clear',
      )
      const filed = await object([
        { description: '行政复议决定书', documentId: doc.documentId, sha256: '0'.repeat(64) },
      ])
      assert.equal(filed.statusCode, 201, filed.body)
      const stored = (
        await sql<{
          evidence: Json[]
        }>`SELECT evidence FROM objections WHERE subject_id = ${account.subjectId}`.execute(db().db)
      ).rows[0]!.evidence
      assert.deepEqual(
        stored,
        [{ description: '行政复议决定书', documentId: doc.documentId, sha256: doc.sha256, documentName: '收据.pdf' }],
        "the fingerprint is the document's, whatever was sent",
      )
      const own = await app.inject({
        method: 'GET',
        url: `/v1/me/evidence/${doc.documentId}`,
        headers: await account.headers(),
      })
      assert.deepEqual(
        [own.statusCode, own.headers['content-type'], own.rawPayload.equals(pdf)],
        [200, 'application/pdf', true],
      )
      const looks = async () =>
        (
          await sql<{
            n: number
          }>`SELECT count(*)::int AS n FROM audit_events WHERE action = 'evidence.viewed' AND object_id = ${doc.documentId}`.execute(
            db().db,
          )
        ).rows[0]!.n
      assert.equal(await looks(), 0, 'the subject reading their own is no look')
      const byOfficer = await app.inject({
        method: 'GET',
        url: `/v1/subjects/${account.subjectId}/evidence/${doc.documentId}`,
        headers: { authorization: `Bearer ${officer}` },
      })
      assert.deepEqual([byOfficer.statusCode, byOfficer.rawPayload.equals(pdf)], [200, true])
      // saved with the extension of its type, so that it opens as what it is (the same for the subject)
      for (const download of [own, byOfficer])
        assert.equal(download.headers['content-disposition'], `attachment; filename="evidence-${doc.documentId}.pdf"`)
      assert.equal(await looks(), 1)
      const seen = JSON.parse(
        (await app.inject({ method: 'GET', url: '/v1/me/inquiries', headers: await account.headers() })).body,
      ) as Json[]
      assert.ok(
        seen.some(
          (i) =>
            i.byType === 'officer' && (i.purpose as { en?: string }).en === 'opened a document you gave as evidence',
        ),
        'the subject sees the officer opened it',
      )
      const events = await sql<{
        payload: Json
      }>`SELECT payload FROM audit_events WHERE action = 'evidence.uploaded' AND object_id = ${doc.documentId}`.execute(
        db().db,
      )
      assert.ok(!JSON.stringify(events.rows).includes('收据'), 'the name is not in the audit trail')
      void record
      await app.close()
    })

    test("nobody cites another subject's document; wrong types and empty files are refused, and nothing is written", async () => {
      const { ctx, app, kind, source, upload, object } = await setup()
      const doc = JSON.parse((await upload(pdf)).body) as Json
      const other = { uscc: newUscc(), name: '福州台江另一家公司' }
      const theirs = await submitRecord(
        ctx,
        source,
        { type: 'source', id: source.name },
        organisationRecord(kind, { subject: other, decidedOn: '2026-04-01' }),
      )
      const them = await subjectAccount(ctx, other)
      const stolen = await object([{ description: 'x', documentId: doc.documentId }], them, theirs.recordId)
      assert.deepEqual(
        [stolen.statusCode, JSON.parse(stolen.body).code, JSON.parse(stolen.body).errors[0].pointer],
        [422, 'evidence.unknown_document', '/evidence/0/documentId'],
      )
      assert.equal(
        (
          await sql<{
            n: number
          }>`SELECT count(*)::int AS n FROM objections WHERE subject_id = ${them.subjectId}`.execute(db().db)
        ).rows[0]!.n,
        0,
      )
      const exe = await upload(Buffer.from('MZ'), 'application/x-msdownload')
      assert.deepEqual([exe.statusCode, JSON.parse(exe.body).code], [415, 'request.unsupported_media_type'])
      const empty = await upload(Buffer.alloc(0))
      assert.deepEqual([empty.statusCode, JSON.parse(empty.body).code], [422, 'evidence.empty'])
      const big = await upload(Buffer.alloc(10 * 1024 * 1024 + 1, 1))
      assert.deepEqual([big.statusCode, JSON.parse(big.body).code], [413, 'request.too_large'])
      await app.close()
    })

    test('a document is checked by its bytes: a ZIP labelled PDF, a PDF labelled PNG or a binary labelled text is refused and nothing is stored', async () => {
      const { app, account, upload } = await setup()
      const documents = async () =>
        (
          await sql<{
            n: number
          }>`SELECT count(*)::int AS n FROM evidence_documents WHERE subject_id = ${account.subjectId}`.execute(db().db)
        ).rows[0]!.n
      const events = async () =>
        (
          await sql<{
            n: number
          }>`SELECT count(*)::int AS n FROM audit_events WHERE action = 'evidence.uploaded' AND subject_id = ${account.subjectId}`.execute(
            db().db,
          )
        ).rows[0]!.n
      const [before, eventsBefore] = [await documents(), await events()]
      // a ZIP archive (local file header PK\x03\x04 ... end of central directory PK\x05\x06)
      const zip = Buffer.concat([
        Buffer.from('PK\x03\x04', 'latin1'),
        Buffer.alloc(40, 0x41),
        Buffer.from('PK\x05\x06', 'latin1'),
        Buffer.alloc(18),
      ])
      for (const [content, type] of [
        [zip, 'application/pdf'],
        [Buffer.concat([pdf, zip]), 'application/pdf'],
        [pdf, 'image/png'],
        [zip, 'image/jpeg'],
        [zip, 'text/plain'],
      ] as const) {
        const res = await upload(content, type)
        const problem = JSON.parse(res.body) as Json
        assert.deepEqual(
          [res.statusCode, res.headers['content-type'], problem.code, problem.errors[0].pointer],
          [400, 'application/problem+json; charset=utf-8', 'evidence.content_mismatch', ''],
          `${type}: ${res.body}`,
        )
      }
      assert.deepEqual([await documents(), await events()], [before, eventsBefore], 'nothing stored, no event')
      const png = Buffer.concat([
        Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'),
        Buffer.alloc(17),
        Buffer.from('0000000049454e44ae426082', 'hex'),
      ])
      const jpeg = Buffer.concat([Buffer.from('ffd8ffe0', 'hex'), Buffer.alloc(20), Buffer.from('ffd9', 'hex')])
      for (const [content, type] of [
        [pdf, 'application/pdf'],
        [png, 'image/png'],
        [jpeg, 'image/jpeg'],
        [Buffer.from('收据：已于 2026-05-20 还清。\r\n'), 'text/plain'],
      ] as const) {
        assert.equal((await upload(content, type)).statusCode, 201, type)
      }
      await app.close()
    })

    test('a document nobody cites goes a week after its upload; a cited one stays until its objection loses its words', async () => {
      const { ctx, app, upload, object } = await setup()
      const cited = JSON.parse((await upload(pdf)).body) as Json
      const uncited = JSON.parse((await upload(Buffer.from('a note'), 'text/plain')).body) as Json
      assert.equal((await object([{ description: 'receipt', documentId: cited.documentId }])).statusCode, 201)
      const exists = async (id: string) =>
        (
          await sql<{ n: number }>`SELECT count(*)::int AS n FROM evidence_documents WHERE document_id = ${id}`.execute(
            db().db,
          )
        ).rows[0]!.n === 1
      ctx.clock.set('2026-06-07T02:00:00Z')
      await runMaintenance(ctx)
      assert.ok(await exists(uncited.documentId), 'within the week')
      ctx.clock.set('2026-06-08T03:00:00Z')
      assert.ok((await runMaintenance(ctx)).documentsDeleted >= 1)
      assert.deepEqual([await exists(uncited.documentId), await exists(cited.documentId)], [false, true])
      await app.close()
    })
  },
)
