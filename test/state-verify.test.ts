import { test } from 'node:test'
import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { sql } from 'kysely'
import { addRelyingParty, grantConsent, registerSubjectAccount, revokeConsent } from '../src/modules/access/index.ts'
import { verifyState, type StateFinding } from '../src/modules/integrity/index.ts'
import { decideEntry, loadLists, noticeEntry, objectToEntry, proposeEntry } from '../src/modules/lists/index.ts'
import { runMaintenance } from '../src/modules/retention/index.ts'
import { decideObjection, escalateObjection, fileObjection } from '../src/modules/objections/index.ts'
import { submitRecord } from '../src/modules/records/index.ts'
import { describeEachEngine } from './support/databases.ts'
import {
  kindWhere,
  makeSource,
  newUscc,
  organisationRecord,
  recordsContext,
  subjectAccount,
} from './support/context.ts'

const operator = { type: 'operator', id: 'test' } as const
const officer = { actor: { type: 'officer', id: 'key-7' } as const, name: '王科长 (credit officer)' }

describeEachEngine('state tables agree with the audit trail', (db) => {
  test('after real service calls the state verifies clean; rows inserted, updated or deleted behind the application are named', async () => {
    const ctx = await recordsContext(db(), '2026-12-01T02:00:00Z')
    const lists = {
      ...ctx,
      ...(await loadLists(new Set(ctx.catalogue.kinds.keys()), {
        listCatalogue: 'catalogue/lists.json',
        holidays: 'catalogue/holidays.json',
      })),
    }
    const defaulter = kindWhere(ctx.catalogue, (k) => k.code === 'judgment_defaulter')
    const penalty = kindWhere(ctx.catalogue, (k) => k.code === 'admin_penalty_general')
    const court = await makeSource(ctx, [defaulter.code], 'court', '福州市中级人民法院')
    const regulator = await makeSource(ctx, [penalty.code])
    const company = { uscc: newUscc(), name: '福州榕城对账贸易有限公司' }
    const basis = await submitRecord(
      ctx,
      court,
      { type: 'source', id: court.name },
      organisationRecord(defaulter, { subject: company, decidedOn: '2026-11-10' }),
    )
    const fined = await submitRecord(
      ctx,
      regulator,
      { type: 'source', id: regulator.name },
      organisationRecord(penalty, { subject: company, decidedOn: '2026-11-12' }),
    )
    const subjectId = basis.subjectId

    // a list entry proposed, noticed and, once the window has ended, listed
    const proposed = await proposeEntry(lists, officer, {
      subjectId,
      listKind: 'judgment_defaulters',
      criterion: 'able_to_pay_but_refuses',
      basisRecordId: basis.recordId,
      reasons: '逾期未履行',
    })
    const noticed = await noticeEntry(lists, officer, proposed.entryId, '书面告知')
    ctx.clock.set(`${noticed.objectionWindowEndsOn}T02:00:00Z`)
    const listed = await decideEntry(lists, officer, proposed.entryId, {
      outcome: 'listed',
      reasons: '有履行能力而拒不履行',
      decidingAgency: '福州市中级人民法院',
    })
    assert.equal(listed.status, 'active')
    // a consent given and revoked, another given
    const bank = await addRelyingParty(db(), ctx.clock, operator, {
      name: `state-bank-${process.pid}`,
      displayName: '榕城银行',
      partyType: 'lender',
      purposes: ['credit_application'],
    })
    const consent = {
      subjectId,
      relyingParty: bank.relyingParty.name,
      purpose: 'credit_application',
      expiresAt: new Date('2027-12-01T00:00:00Z'),
      evidence: 'form 12',
    }
    const revoked = await grantConsent(db(), ctx.clock, operator, consent)
    await revokeConsent(db(), ctx.clock, operator, subjectId, revoked.consentId)
    await grantConsent(db(), ctx.clock, operator, consent)
    // an objection filed, escalated and decided
    const objection = await fileObjection(
      ctx,
      { type: 'subject', id: 'account:test' },
      subjectId,
      { recordId: fined.recordId, reasons: '处罚已撤销' },
      { onBehalf: false },
    )
    await escalateObjection(ctx, officer.actor, objection.objectionId, '来源未答复')
    await decideObjection(ctx, officer.actor, objection.objectionId, { outcome: 'dismissed', reasons: '处罚有效' })
    // an account verified, another only claimed
    await subjectAccount(ctx, company)
    const { accountId: claimed } = await registerSubjectAccount(db(), ctx.clock, ctx.keys, {
      username: `state-claim-${process.pid}`,
      password: 'a long enough passphrase',
      displayName: '代表',
      subject: company,
    })

    // in 16 ranges: the walk crosses range boundaries
    const verify = async () => {
      const findings: StateFinding[] = []
      const report = await verifyState(db(), { prefixDigits: 1, onFinding: (f) => findings.push(f) })
      return { report, findings }
    }
    const clean = await verify()
    assert.deepEqual(clean.findings, [])
    assert.equal(clean.report.findings, 0)
    assert.equal(clean.report.ranges, 16)
    assert.deepEqual(clean.report.checked, { list_entries: 1, consents: 2, objections: 1, subject_accounts: 2 })

    // behind the application's back: an entry put on the black list with no due process at all
    const smuggled = randomUUID()
    await sql`INSERT INTO list_entries (subject_id, entry_id, list_kind, list_type, criterion, basis_record_id, status, proposed_on, proposed_by, noticed_on, decided_on, decided_by, starts_on, ends_on, updated_at)
      VALUES (${subjectId}, ${smuggled}, 'judgment_defaulters', 'black', 'able_to_pay_but_refuses', ${basis.recordId}, 'active', '2026-12-01', 'x', '2026-12-01', '2026-12-01', 'x', '2026-12-01', '2031-12-01', now())`.execute(
      db().db,
    )
    // a revoked consent made good again, an objection's outcome turned, a claim verified with no officer, a listing made longer
    await sql`UPDATE consents SET revoked_at = NULL WHERE consent_id = ${revoked.consentId}`.execute(db().db)
    await sql`UPDATE objections SET status = 'upheld' WHERE objection_id = ${objection.objectionId}`.execute(db().db)
    await sql`UPDATE subject_accounts SET verified_at = now(), verified_by = 'officer:nobody' WHERE account_id = ${claimed}`.execute(
      db().db,
    )
    await sql`UPDATE list_entries SET ends_on = '2036-12-31' WHERE entry_id = ${proposed.entryId}`.execute(db().db)
    const tampered = await verify()
    const named = (table: string, id: string) => tampered.findings.filter((f) => f.table === table && f.id === id)
    assert.deepEqual(
      named('list_entries', smuggled).map((f) => f.problem),
      ['no_events'],
    )
    assert.deepEqual(
      named('list_entries', proposed.entryId).map((f) => f.detail),
      [`ends_on is 2036-12-31, the events say ${listed.endsOn}`],
    )
    assert.deepEqual(
      named('consents', revoked.consentId).map((f) => f.detail),
      [`revoked_at is empty, the events say ${new Date('2026-12-31T02:00:00Z').toISOString()}`],
    )
    assert.deepEqual(
      named('objections', objection.objectionId).map((f) => f.detail),
      ['status is upheld, the events say dismissed'],
    )
    assert.match(
      named('subject_accounts', claimed)
        .map((f) => f.detail)
        .join(),
      /^verified_at is .*, the events say empty; verified_by is officer:nobody, the events say empty$/,
    )
    assert.equal(tampered.findings.length, 5)
    assert.equal(tampered.report.findings, 5)
    assert.ok(
      tampered.findings.every(
        (f) => !JSON.stringify(f).includes(company.uscc) && !JSON.stringify(f).includes(subjectId),
      ),
      'findings name rows, never the subject',
    )

    // a row deleted behind the application's back is named by what its events say it was
    await sql`DELETE FROM list_entries WHERE entry_id = ${proposed.entryId}`.execute(db().db)
    const deleted = (await verify()).findings.filter((f) => f.id === proposed.entryId)
    assert.deepEqual(
      deleted.map((f) => [f.table, f.problem]),
      [['list_entries', 'deleted']],
    )
  })

  test('an entry expired and, five years on, erased with an objection still undecided: the objection lapses with its event, and the state still verifies', async () => {
    const ctx = await recordsContext(db(), '2026-12-01T02:00:00Z')
    const lists = {
      ...ctx,
      ...(await loadLists(new Set(ctx.catalogue.kinds.keys()), {
        listCatalogue: 'catalogue/lists.json',
        holidays: 'catalogue/holidays.json',
      })),
    }
    const defaulter = kindWhere(ctx.catalogue, (k) => k.code === 'judgment_defaulter')
    const court = await makeSource(ctx, [defaulter.code], 'court', '福州市中级人民法院')
    const basis = await submitRecord(
      ctx,
      court,
      { type: 'source', id: court.name },
      organisationRecord(defaulter, {
        subject: { uscc: newUscc(), name: '福州榕城旧账有限公司' },
        decidedOn: '2026-11-10',
      }),
    )
    const entry = await proposeEntry(lists, officer, {
      subjectId: basis.subjectId,
      listKind: 'judgment_defaulters',
      criterion: 'able_to_pay_but_refuses',
      basisRecordId: basis.recordId,
      reasons: '逾期未履行',
    })
    const noticed = await noticeEntry(lists, officer, entry.entryId, '书面告知')
    ctx.clock.set(`${noticed.objectionWindowEndsOn}T02:00:00Z`)
    const listed = await decideEntry(lists, officer, entry.entryId, {
      outcome: 'listed',
      reasons: '拒不履行',
      decidingAgency: '福州市中级人民法院',
    })
    // an objection against the entry in force, never decided
    await objectToEntry(lists, { type: 'subject', id: 'account:test' }, basis.subjectId, entry.entryId, {
      reasons: '已履行',
    })
    const maintain = () => runMaintenance({ ...ctx, lists: { ...lists, keys: ctx.keys } })
    ctx.clock.set(`${listed.endsOn}T02:00:00Z`)
    assert.equal((await maintain()).entriesExpired, 1)
    ctx.clock.set(`${Number(listed.endsOn!.slice(0, 4)) + 6}-01-01T02:00:00Z`)
    assert.equal((await maintain()).entriesErased, 1)
    const { rows } = await sql<{
      action: string
      status: string
      objection_id: string
    }>`SELECT e.action, o.status, o.objection_id FROM audit_events e JOIN objections o ON o.objection_id::text = e.object_id
      WHERE o.target_id = ${entry.entryId} ORDER BY e.seq`.execute(db().db)
    assert.deepEqual(
      rows.map((r) => [r.action, r.status]),
      [
        ['objection.filed', 'lapsed'],
        ['objection.lapsed', 'lapsed'],
      ],
    )
    const findings: StateFinding[] = []
    await verifyState(db(), { onFinding: (f) => findings.push(f) })
    // (the rows the first test tampered with are still named)
    assert.deepEqual(
      findings.filter((f) => f.id === entry.entryId || f.id === rows[0]!.objection_id),
      [],
      'the erased entry and its lapsed objection agree with their events',
    )
  })
})
