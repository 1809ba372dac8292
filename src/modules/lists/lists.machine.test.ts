import { test } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import { readFileSync } from 'node:fs'
import { addDuration, loadCatalogue, validateListCatalogue, type ListKind } from '../catalogue/index.ts'
import { addWorkingDays, isWorkingDay, weekdaysOnly, workingCalendarOf } from '../../platform/working-days.ts'
import {
  allowedSteps,
  apply,
  ENDED,
  inForce,
  isMinor,
  propose,
  recordedFields,
  stepChanges,
  type Entry,
  type EntryEvent,
} from './lists.machine.ts'
import { recomputeEntry, type TrailEvent } from '../integrity/index.ts'

const recordKinds = new Set((await loadCatalogue()).kinds.map((k) => k.code))
const loaded = validateListCatalogue(
  JSON.parse(readFileSync(new URL('../../../catalogue/lists.json', import.meta.url), 'utf8')),
  recordKinds,
)
if (!loaded.ok) throw new Error('the shipped list catalogue is refused')
const listKinds = loaded.catalogue.listKinds
const holidays = workingCalendarOf(
  JSON.parse(readFileSync(new URL('../../../catalogue/holidays.json', import.meta.url), 'utf8')),
)

const officer = fc.constantFrom('', 'officer-7', 'officer-9')
const gap = fc.integer({ min: 0, max: 400 })
const eventAt = (kind: ListKind): fc.Arbitrary<(on: string) => EntryEvent> =>
  fc.oneof(
    fc.constant((on: string) => ({ type: 'notify', on }) as const),
    fc.constant((on: string) => ({ type: 'object', on }) as const),
    officer.map((o) => (on: string) => ({ type: 'hear', on, officer: o }) as const),
    fc
      .tuple(
        officer,
        fc.constantFrom('listed', 'rejected') as fc.Arbitrary<'listed' | 'rejected'>,
        fc.option(fc.constantFrom('P6M', 'P1Y', 'P2Y', 'P3Y', 'P5Y', 'P6Y'), { nil: undefined }),
      )
      .map(
        ([o, outcome, term]) =>
          (on: string) =>
            ({ type: 'decide', on, officer: o, outcome, ...(term ? { term } : {}) }) as const,
      ),
    fc
      .constantFrom(...kind.earlyRemoval.map((r) => r.code), 'paid_a_bribe')
      .map((condition) => (on: string) => ({ type: 'report_removal_condition', on, condition }) as const),
    officer.map((o) => (on: string) => ({ type: 'remove_early', on, officer: o }) as const),
    officer.map((o) => (on: string) => ({ type: 'annul', on, officer: o }) as const),
    fc
      .constantFrom('basis_withdrawn', 'basis_corrected', 'basis_revoked', 'basis_erased' as const)
      .map((basis) => (on: string) => ({ type: 'annul', on, basis }) as const),
    fc.constant((on: string) => ({ type: 'expire', on }) as const),
  )

const scenario = fc.constantFrom(...listKinds).chain((kind) =>
  fc.record({
    kind: fc.constant(kind),
    subjectType: fc.constantFrom(...kind.subjectTypes, 'person' as const),
    birthYear: fc.integer({ min: 1950, max: 2024 }),
    start: fc.integer({ min: 0, max: 3000 }),
    events: fc.array(fc.tuple(gap, eventAt(kind)), { maxLength: 14 }),
  }),
)

const day = (n: number) => addDuration('2020-01-01', `P${n}D`)

test('over any sequence of events: nothing is active without notice, the window or a hearing, and a named officer; no entry outlives its maximum; a minor is never listed', () => {
  fc.assert(
    fc.property(scenario, ({ kind, subjectType, birthYear, start, events }) => {
      let t = start
      const subject =
        subjectType === 'person' ? { type: subjectType, birthDate: `${birthYear}-06-15` } : { type: subjectType }
      const proposed = propose({
        listKind: kind,
        subject,
        criterion: kind.criteria[0]!.code,
        basisRecord: { id: 'r1', kind: kind.basisKinds[0]! },
        on: day(t),
        officer: 'officer-7',
      })
      if (!proposed.ok) {
        if (subjectType === 'person')
          assert.ok(proposed.refusal === 'minor' || proposed.refusal === 'subject_type', proposed.detail)
        return
      }
      let entry: Entry = proposed.entry
      for (const [g, make] of events) {
        t += g
        const event = make(day(t))
        const before = entry
        const step = apply(entry, event, kind, holidays)
        if (!step.ok) {
          if (ENDED.has(before.status)) assert.equal(step.refusal, 'ended')
          continue
        }
        entry = step.entry
        assert.ok(!ENDED.has(before.status), 'an ended entry never changes')
        if (entry.status === 'active' && before.status !== 'active') {
          assert.ok(entry.noticedOn !== null && entry.objectionWindowEndsOn !== null, 'active without notice')
          assert.ok(
            before.status === 'heard' || entry.decidedOn! >= entry.objectionWindowEndsOn,
            'active before the objection window ended, with no hearing',
          )
          assert.equal(entry.objectionFiledOn === null || entry.heardOn !== null, true, 'an objection was never heard')
          assert.ok(entry.decidedBy && entry.decidedBy.trim() !== '', 'active without a named officer')
          assert.ok(
            entry.endsOn! <= addDuration(entry.startsOn!, kind.term.max),
            `ends ${entry.endsOn}, after the maximum ${kind.term.max} from ${entry.startsOn}`,
          )
          if (entry.subject.type === 'person')
            assert.ok(!isMinor(entry.subject.birthDate!, entry.decidedOn!), 'a minor was listed')
        }
        if (entry.status === 'expired') assert.equal(entry.endedOn, entry.endsOn)
        if (entry.status === 'removed_early') assert.ok(entry.removal !== null)
        if (entry.status === 'annulled') {
          assert.equal(entry.endedOn, event.on)
          assert.ok(
            before.status === 'active' || (event.type === 'annul' && 'basis' in event),
            'only a lapsed basis annuls an entry not yet in force',
          )
          if ('basis' in event)
            assert.ok(
              before.status !== 'active' || event.on < before.endsOn!,
              'an entry past its end day expires: its basis does not annul it',
            )
        }
      }
    }),
    { numRuns: 4000 },
  )
})

test("over any sequence of events: the steps' audit events recompute the entry (its status and every date), so a row changed behind them shows", () => {
  fc.assert(
    fc.property(scenario, ({ kind, start, events }) => {
      let t = start
      const at = (on: string) => `${on}T02:00:00.000Z` // 10:00 in China, the same day
      const proposed = propose({
        listKind: kind,
        subject: { type: kind.subjectTypes[0]! },
        criterion: kind.criteria[0]!.code,
        basisRecord: { id: 'r1', kind: kind.basisKinds[0]! },
        on: day(t),
        officer: 'officer-7',
      })
      if (!proposed.ok) return
      let entry: Entry = proposed.entry
      const trail: TrailEvent[] = [
        {
          action: 'list_entry.proposed',
          at: at(entry.proposedOn),
          actor: 'officer:k1',
          payload: { listKind: kind.code, criterion: entry.criterion, basisRecordId: 'r1' },
        },
      ]
      for (const [g, make] of events) {
        t += g
        const event = make(day(t))
        const step = apply(entry, event, kind, holidays)
        if (!step.ok) continue
        // as the service writes it
        trail.push({
          action: 'list_entry.changed',
          at: at(event.on),
          actor: 'officer:k1',
          payload: {
            listKind: kind.code,
            event: event.type,
            status: step.entry.status,
            on: event.on,
            set: stepChanges(entry, step.entry),
          },
        })
        entry = step.entry
      }
      const recomputed = recomputeEntry(trail)
      assert.equal(recomputed.kind, 'row')
      const expected = {
        status: entry.status,
        listKind: kind.code,
        criterion: entry.criterion,
        basisRecordId: 'r1',
        proposedOn: entry.proposedOn,
        ...recordedFields(entry),
      }
      assert.deepEqual(recomputed.kind === 'row' && recomputed.state, expected)
    }),
    { numRuns: 2000 },
  )
})

test('in force from its start day until the day before its end; the objection window is 30 days from notice', () => {
  const kind = listKinds.find((k) => k.code === 'judgment_defaulters')!
  let entry = (
    propose({
      listKind: kind,
      subject: { type: 'enterprise' },
      criterion: 'able_to_pay_but_refuses',
      basisRecord: { id: 'r', kind: 'judgment_defaulter' },
      on: '2026-12-01',
      officer: 'o',
    }) as { entry: Entry }
  ).entry
  entry = (apply(entry, { type: 'notify', on: '2026-12-01' }, kind, holidays) as { entry: Entry }).entry
  assert.equal(entry.objectionWindowEndsOn, '2026-12-31')
  assert.deepEqual(
    apply(entry, { type: 'decide', on: '2026-12-30', officer: 'o', outcome: 'listed' }, kind, holidays),
    { ok: false, refusal: 'window_open', detail: 'the subject may object until 2026-12-31; decide from that day' },
  )
  assert.equal(
    (apply(entry, { type: 'object', on: '2026-12-31' }, kind, holidays) as { refusal: string }).refusal,
    'window_closed',
  )
  entry = (
    apply(entry, { type: 'decide', on: '2026-12-31', officer: 'o', outcome: 'listed' }, kind, holidays) as {
      entry: Entry
    }
  ).entry
  assert.deepEqual([entry.startsOn, entry.endsOn], ['2026-12-31', '2028-12-31'])
  assert.deepEqual(
    [
      inForce(entry, '2026-12-30'),
      inForce(entry, '2026-12-31'),
      inForce(entry, '2028-12-30'),
      inForce(entry, '2028-12-31'),
    ],
    [false, true, true, false],
  )
  assert.equal(
    (
      apply(
        entry,
        { type: 'decide', on: '2027-01-01', officer: 'o', outcome: 'listed', term: 'P6Y' },
        kind,
        holidays,
      ) as { refusal: string }
    ).refusal,
    'not_now',
  )
})

test('removal after full performance is due within 3 working days, holidays and moved working days counted', () => {
  assert.equal(addWorkingDays('2026-12-04', 3, weekdaysOnly), '2026-12-09') // Friday → Wednesday
  assert.equal(addWorkingDays('2026-09-30', 3, holidays), '2026-10-10') // National Day 1-7 off: 8, 9 and the worked Saturday 10 October
  assert.equal(addWorkingDays('2026-02-13', 1, holidays), '2026-02-14') // the Saturday before the Spring Festival is worked
  assert.equal(isWorkingDay('2026-02-16', holidays), false)
  assert.equal(isWorkingDay('2026-12-05', holidays), false)
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 5000 }), fc.integer({ min: 1, max: 30 }), (d, n) => {
      const from = day(d)
      const due = addWorkingDays(from, n, holidays)
      let count = 0
      for (let x = addDuration(from, 'P1D'); x <= due; x = addDuration(x, 'P1D')) if (isWorkingDay(x, holidays)) count++
      assert.equal(count, n)
      assert.ok(isWorkingDay(due, holidays))
    }),
  )
})

test('an entry whose basis stops holding is annulled at whatever step it reached, the day it happens; an officer annuls only an entry in force', () => {
  const kind = listKinds.find((k) => k.code === 'judgment_defaulters')!
  const proposed = (
    propose({
      listKind: kind,
      subject: { type: 'enterprise' },
      criterion: 'able_to_pay_but_refuses',
      basisRecord: { id: 'r', kind: 'judgment_defaulter' },
      on: '2026-12-01',
      officer: 'o',
    }) as { entry: Entry }
  ).entry
  assert.equal(
    (apply(proposed, { type: 'annul', on: '2026-12-02', officer: 'o' }, kind, holidays) as { refusal: string }).refusal,
    'not_now',
  )
  const annulled = (
    apply(proposed, { type: 'annul', on: '2026-12-02', basis: 'basis_withdrawn' }, kind, holidays) as { entry: Entry }
  ).entry
  assert.deepEqual([annulled.status, annulled.endedOn], ['annulled', '2026-12-02'])
  const noticed = (apply(proposed, { type: 'notify', on: '2026-12-01' }, kind, holidays) as { entry: Entry }).entry
  const active = (
    apply(noticed, { type: 'decide', on: '2026-12-31', officer: 'o', outcome: 'listed' }, kind, holidays) as {
      entry: Entry
    }
  ).entry
  assert.deepEqual(
    (apply(active, { type: 'annul', on: '2027-03-01', basis: 'basis_erased' }, kind, holidays) as { entry: Entry })
      .entry.endedOn,
    '2027-03-01',
  )
  assert.equal(
    (apply(active, { type: 'annul', on: '2028-12-31', basis: 'basis_erased' }, kind, holidays) as { refusal: string })
      .refusal,
    'not_now',
    'on its end day it expires',
  )
  assert.equal(
    (apply(annulled, { type: 'annul', on: '2026-12-03', basis: 'basis_erased' }, kind, holidays) as { refusal: string })
      .refusal,
    'ended',
  )
})

test('the steps an officer is offered are what the machine allows today: no decision inside the objection window, and the day it becomes possible', () => {
  const kind = listKinds.find((k) => k.code === 'judgment_defaulters')!
  const proposed = (
    propose({
      listKind: kind,
      subject: { type: 'enterprise' },
      criterion: 'able_to_pay_but_refuses',
      basisRecord: { id: 'r', kind: 'judgment_defaulter' },
      on: '2026-12-01',
      officer: 'o',
    }) as { entry: Entry }
  ).entry
  assert.deepEqual(allowedSteps(proposed, kind, holidays, '2026-12-01'), { steps: ['notify'], nextPossibleOn: null })
  const noticed = (apply(proposed, { type: 'notify', on: '2026-12-01' }, kind, holidays) as { entry: Entry }).entry
  assert.deepEqual(allowedSteps(noticed, kind, holidays, '2026-12-30'), { steps: [], nextPossibleOn: '2026-12-31' })
  assert.deepEqual(allowedSteps(noticed, kind, holidays, '2026-12-31'), { steps: ['decide'], nextPossibleOn: null })
  const objected = (apply(noticed, { type: 'object', on: '2026-12-10' }, kind, holidays) as { entry: Entry }).entry
  assert.deepEqual(allowedSteps(objected, kind, holidays, '2026-12-10').steps, ['hear'])
  const active = (
    apply(noticed, { type: 'decide', on: '2026-12-31', officer: 'o', outcome: 'listed' }, kind, holidays) as {
      entry: Entry
    }
  ).entry
  assert.deepEqual(allowedSteps(active, kind, holidays, '2027-01-05').steps, ['report_removal_condition', 'annul'])
  const reported = (
    apply(
      active,
      { type: 'report_removal_condition', on: '2027-01-05', condition: kind.earlyRemoval[0]!.code },
      kind,
      holidays,
    ) as { entry: Entry }
  ).entry
  assert.deepEqual(allowedSteps(reported, kind, holidays, '2027-01-05').steps, [
    'report_removal_condition',
    'remove_early',
    'annul',
  ])
  const ended = { ...active, status: 'expired' as const }
  assert.deepEqual(allowedSteps(ended, kind, holidays, '2029-01-05'), { steps: [], nextPossibleOn: null })
})
