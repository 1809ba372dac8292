import { test } from 'node:test'
import assert from 'node:assert/strict'
import type { ObjectEvent } from '../../platform/audit.ts'
import {
  checkObject,
  checkRange,
  recomputeConsent,
  recomputeEntry,
  recomputeObjection,
  recomputeSubjectAccount,
  type TrailEvent,
} from './integrity.ts'

const ev = (action: string, at: string, payload: Record<string, unknown> = {}, actor = 'officer:k1'): TrailEvent => ({
  action,
  at,
  actor,
  payload,
})

test('a consent is granted for a party, a purpose and a term, then revoked; an action the check does not know is named, not thrown', () => {
  const granted = ev('consent.granted', '2026-06-01T01:00:00.000Z', {
    consentId: 'c1',
    relyingParty: 'bank-a',
    purpose: 'credit_lending',
    expiresAt: '2027-06-01T00:00:00.000Z',
    evidence: 'form 7',
  })
  assert.deepEqual(recomputeConsent([granted]), {
    kind: 'row',
    state: {
      relyingParty: 'bank-a',
      purpose: 'credit_lending',
      grantedAt: '2026-06-01T01:00:00.000Z',
      expiresAt: '2027-06-01T00:00:00.000Z',
      revokedAt: null,
    },
  })
  const revoked = ev('consent.revoked', '2026-07-01T01:00:00.000Z')
  const both = recomputeConsent([granted, revoked])
  assert.equal(both.kind === 'row' && both.state.revokedAt, '2026-07-01T01:00:00.000Z')
  assert.deepEqual(recomputeConsent([revoked]), { kind: 'unreadable', reason: 'revoked before it was granted' })
  assert.deepEqual(recomputeConsent([granted, ev('consent.extended', '2026-07-01T01:00:00.000Z')]), {
    kind: 'unreadable',
    reason: 'consent.extended is not an action this check knows for a consent',
  })
})

test('an objection: filed, escalated and decided; answered by its source; overdue; a look changes nothing', () => {
  const filed = ev(
    'objection.filed',
    '2026-06-01T01:00:00.000Z',
    {
      objectionId: 'o1',
      targetType: 'record',
      targetId: 'r1',
      kind: 'k',
      version: 2,
      dueOn: '2026-06-21',
      onBehalf: false,
    },
    'subject:account:a1',
  )
  const decided = recomputeObjection([
    filed,
    ev('objection.viewed', '2026-06-02T01:00:00.000Z'),
    ev('objection.escalated', '2026-06-03T01:00:00.000Z'),
    ev('objection.decided', '2026-06-04T01:00:00.000Z', { outcome: 'upheld', version: 2 }),
  ])
  assert.deepEqual(decided, {
    kind: 'row',
    state: {
      status: 'upheld',
      targetType: 'record',
      targetId: 'r1',
      targetVersion: 2,
      dueOn: '2026-06-21',
      filedBy: 'subject:account:a1',
      filedAt: '2026-06-01T01:00:00.000Z',
      answeredAt: '2026-06-04T01:00:00.000Z',
      answeredVersion: 2,
      escalatedAt: '2026-06-03T01:00:00.000Z',
      overdueNoticedAt: null,
    },
  })
  const overdue = recomputeObjection([
    filed,
    ev('objection.overdue', '2026-06-22T01:00:00.000Z'),
    ev('objection.answered', '2026-06-23T01:00:00.000Z', { outcome: 'corrected', version: 3 }),
  ])
  assert.ok(overdue.kind === 'row')
  assert.deepEqual(
    [overdue.state.status, overdue.state.overdueNoticedAt, overdue.state.answeredVersion],
    ['corrected', '2026-06-22T01:00:00.000Z', 3],
  )
  assert.equal(
    recomputeObjection([ev('objection.decided', '2026-06-04T01:00:00.000Z', { outcome: 'upheld' })]).kind,
    'unreadable',
  )
})

test('a subject account is claimed, then verified by an officer', () => {
  const state = recomputeSubjectAccount([
    ev('account.registered', '2026-06-01T01:00:00.000Z', {}, 'subject:a1'),
    ev('account.verified', '2026-06-02T01:00:00.000Z', {}, 'officer:k9'),
  ])
  assert.deepEqual(state, {
    kind: 'row',
    state: {
      claimedAt: '2026-06-01T01:00:00.000Z',
      verifiedAt: '2026-06-02T01:00:00.000Z',
      verifiedBy: 'officer:k9',
      refusedAt: null,
      refusedBy: null,
      refusalReason: null,
    },
  })
})

test('a subject account is claimed, then refused by an officer, and a claim is decided once', () => {
  const registered = ev('account.registered', '2026-06-01T01:00:00.000Z', {}, 'subject:a1')
  const refused = ev('account.refused', '2026-06-02T01:00:00.000Z', { reason: 'documents_missing' }, 'officer:k9')
  assert.deepEqual(recomputeSubjectAccount([registered, refused]), {
    kind: 'row',
    state: {
      claimedAt: '2026-06-01T01:00:00.000Z',
      verifiedAt: null,
      verifiedBy: null,
      refusedAt: '2026-06-02T01:00:00.000Z',
      refusedBy: 'officer:k9',
      refusalReason: 'documents_missing',
    },
  })
  const verified = ev('account.verified', '2026-06-03T01:00:00.000Z', {}, 'officer:k9')
  assert.equal(recomputeSubjectAccount([registered, refused, verified]).kind, 'unreadable')
  assert.equal(recomputeSubjectAccount([registered, verified, refused]).kind, 'unreadable')
})

test("a list entry's dates come from its steps; a step written before steps recorded them leaves its dates unchecked; an erased entry has no row", () => {
  const proposed = ev('list_entry.proposed', '2026-06-01T17:00:00.000Z', {
    entryId: 'e1',
    listKind: 'judgment_defaulters',
    criterion: 'c',
    basisRecordId: 'r1',
  })
  const old = recomputeEntry([
    proposed,
    ev('list_entry.changed', '2026-06-03T02:00:00.000Z', { event: 'notify', status: 'noticed', on: '2026-06-03' }),
  ])
  assert.ok(old.kind === 'row')
  assert.deepEqual(
    [old.state.status, old.state.proposedOn, old.state.noticedOn, old.state.endsOn],
    ['noticed', '2026-06-02', undefined, undefined],
    "proposed on the China day; the old step's dates unknown",
  )
  const row = {
    status: 'noticed',
    listKind: 'judgment_defaulters',
    criterion: 'c',
    basisRecordId: 'r1',
    proposedOn: '2026-06-02',
    noticedOn: '2099-01-01',
    objectionWindowEndsOn: '2099-01-31',
    objectionFiledOn: null,
    heardOn: null,
    decidedOn: null,
    startsOn: null,
    endsOn: null,
    endedOn: null,
    removalCondition: null,
    removalReportedOn: null,
    removalDueOn: null,
  }
  assert.equal(
    checkObject(
      'list_entries',
      'e1',
      row,
      [
        proposed,
        ev('list_entry.changed', '2026-06-03T02:00:00.000Z', { event: 'notify', status: 'noticed', on: '2026-06-03' }),
      ],
      recomputeEntry,
    ),
    undefined,
  )
  const decided = [
    proposed,
    ev('list_entry.changed', '2026-06-03T02:00:00.000Z', {
      event: 'notify',
      status: 'noticed',
      on: '2026-06-03',
      set: { noticedOn: '2026-06-03', objectionWindowEndsOn: '2026-07-03' },
    }),
    ev('list_entry.changed', '2026-07-03T02:00:00.000Z', {
      event: 'decide',
      status: 'active',
      on: '2026-07-03',
      set: { decidedOn: '2026-07-03', startsOn: '2026-07-03', endsOn: '2028-07-03' },
    }),
  ]
  const listed = {
    ...row,
    status: 'active',
    noticedOn: '2026-06-03',
    objectionWindowEndsOn: '2026-07-03',
    decidedOn: '2026-07-03',
    startsOn: '2026-07-03',
    endsOn: '2028-07-03',
  }
  assert.equal(checkObject('list_entries', 'e1', listed, decided, recomputeEntry), undefined)
  assert.deepEqual(
    checkObject('list_entries', 'e1', { ...listed, status: 'rejected', endsOn: '2099-01-01' }, decided, recomputeEntry),
    {
      table: 'list_entries',
      id: 'e1',
      problem: 'differs',
      detail: 'status is rejected, the events say active; ends_on is 2099-01-01, the events say 2028-07-03',
    },
  )
  const erased = [
    ...decided,
    ev('list_entry.erased', '2033-07-03T02:00:00.000Z', { entryId: 'e1', listKind: 'judgment_defaulters' }),
  ]
  assert.deepEqual(recomputeEntry(erased), { kind: 'erased' })
  assert.equal(
    checkObject('list_entries', 'e1', undefined, erased, recomputeEntry),
    undefined,
    'erased through the application: nothing to report',
  )
  assert.equal(checkObject('list_entries', 'e1', undefined, decided, recomputeEntry)?.problem, 'deleted')
  assert.equal(checkObject('list_entries', 'e1', row, [], recomputeEntry)?.problem, 'no_events')
  assert.equal(
    checkObject(
      'list_entries',
      'e1',
      row,
      [proposed, ev('list_entry.annulled', '2026-07-03T02:00:00.000Z')],
      recomputeEntry,
    )?.problem,
    'unreadable',
  )
})

test('a range pairs each row with the events of its own subject and object, and names the objects left without a row', () => {
  const event = (
    seq: number,
    subjectId: string,
    objectType: string,
    objectId: string,
    action: string,
    payload: Record<string, unknown>,
  ): ObjectEvent => ({
    seq,
    occurredAt: '2026-06-01T01:00:00.000Z',
    actorType: 'subject',
    actorId: 'a1',
    action,
    subjectId,
    objectType,
    objectId,
    payload,
  })
  const events = [
    event(2, 's1', 'account', 'a1', 'account.registered', {}),
    event(1, 's2', 'account', 'a1', 'account.registered', {}),
    event(3, 's1', 'consent', 'c9', 'consent.granted', {
      relyingParty: 'bank-a',
      purpose: 'p',
      expiresAt: '2027-01-01T00:00:00.000Z',
    }),
  ]
  const account = {
    subjectId: 's1',
    accountId: 'a1',
    claimedAt: '2026-06-01T01:00:00.000Z',
    verifiedAt: null,
    verifiedBy: null,
    refusedAt: null,
    refusedBy: null,
    refusalReason: null,
  }
  const findings = checkRange({ list_entries: [], consents: [], objections: [], subject_accounts: [account] }, events)
  assert.deepEqual(
    findings.map((f) => [f.table, f.id, f.problem]),
    [
      ['consents', 'c9', 'deleted'],
      ['subject_accounts', 'a1', 'deleted'],
    ],
    'the same account id under another subject is another object',
  )
})
