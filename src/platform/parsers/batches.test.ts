import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { batches } from './index.ts'
import { collect } from './testkit.ts'

async function* from<T>(items: readonly T[]): AsyncGenerator<T> {
  yield* items
}

void describe('batches', () => {
  void it('groups into arrays of at most size, the last one shorter, never empty', async () => {
    assert.deepEqual(await collect(batches(from([1, 2, 3, 4, 5]), 2)), [[1, 2], [3, 4], [5]])
    assert.deepEqual(await collect(batches(from([1, 2]), 2)), [[1, 2]])
    assert.deepEqual(await collect(batches(from([]), 3)), [])
  })

  void it('rejects a size that is not a positive integer', async () => {
    for (const size of [0, -1, 1.5, NaN]) await assert.rejects(collect(batches(from([1]), size)), RangeError)
  })

  void it('keeps every item, in order', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer()), fc.integer({ min: 1, max: 10 }), async (items, size) => {
        const got = await collect(batches(from(items), size))
        assert.deepEqual(got.flat(), items)
        assert.ok(got.every((b, i) => b.length > 0 && b.length <= size && (i === got.length - 1 || b.length === size)))
      }),
    )
  })

  void it('pulls lazily: no more than one batch ahead', async () => {
    let pulled = 0
    async function* counting() {
      for (let i = 0; i < 1000; i++) {
        pulled++
        yield i
      }
    }
    for await (const batch of batches(counting(), 10)) {
      assert.equal(pulled, batch[9]! + 1)
      break
    }
  })
})
