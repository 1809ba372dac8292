import { test } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import { canonicalEventBytes, canonicalEventBytesByDefinition } from './events.ts'

test('property: the fast canonical bytes of an event are exactly its sorted-key JSON', () => {
  const text = fc.string({ unit: 'binary' })
  fc.assert(
    fc.property(
      fc.record({
        seq: fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
        occurredAt: fc.date({ min: new Date('1970-01-01'), max: new Date('2999-12-31'), noInvalidDate: true }),
        actorType: text,
        actorId: text,
        action: text,
        subjectId: fc.option(fc.uuid(), { nil: null }),
        objectType: text,
        objectId: text,
        payload: fc.jsonValue(),
      }),
      (event) =>
        assert.equal(
          canonicalEventBytes(event).toString('utf8'),
          canonicalEventBytesByDefinition(event).toString('utf8'),
        ),
    ),
    { numRuns: 2000 },
  )
})
