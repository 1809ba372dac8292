import { test } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import {
  answerDueOn,
  isOverdue,
  nextStatus,
  UNDECIDED,
  type ObjectionStatus,
  type ObjectionStep,
  type TargetType,
} from './objections.ts'

const step: fc.Arbitrary<ObjectionStep> = fc.oneof(
  fc.constantFrom('verified', 'corrected', 'withdrawn').map((outcome) => ({ type: 'answer', outcome }) as const),
  fc.constant({ type: 'escalate' } as const),
  fc.constantFrom('upheld', 'dismissed').map((outcome) => ({ type: 'decide', outcome }) as const),
  fc.constant({ type: 'lapse' } as const),
)

test('over any sequence of steps: a decided objection never changes again, a source never decides a list entry, an officer decides a record only once escalated', () => {
  fc.assert(
    fc.property(
      fc.constantFrom<TargetType>('record', 'list_entry'),
      fc.array(step, { maxLength: 12 }),
      (target, steps) => {
        let status: ObjectionStatus = 'open'
        let escalated = false
        for (const s of steps) {
          const next = nextStatus(status, target, s)
          if (!UNDECIDED.has(status)) {
            assert.deepEqual(next, { refused: 'decided' })
            continue
          }
          if (typeof next !== 'string') continue
          if (s.type === 'answer') assert.equal(target, 'record')
          if (s.type === 'decide' && target === 'record')
            assert.ok(escalated, 'decided a record objection that was never escalated')
          if (s.type === 'escalate') {
            assert.equal(status, 'open')
            escalated = true
          }
          status = next
        }
      },
    ),
    { numRuns: 2000 },
  )
})

test('an answer is due 20 days after filing, and overdue from the day after, while undecided', () => {
  assert.equal(answerDueOn('2026-12-01'), '2026-12-21')
  assert.equal(answerDueOn('2027-02-20'), '2027-03-12')
  assert.equal(isOverdue('open', '2026-12-21', '2026-12-21'), false)
  assert.equal(isOverdue('open', '2026-12-21', '2026-12-22'), true)
  assert.equal(isOverdue('escalated', '2026-12-21', '2027-01-01'), true)
  for (const decided of ['verified', 'corrected', 'withdrawn', 'upheld', 'dismissed', 'lapsed'] as const)
    assert.equal(isOverdue(decided, '2026-12-21', '2027-01-01'), false)
})
