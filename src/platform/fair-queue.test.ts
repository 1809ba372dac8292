import assert from 'node:assert/strict'
import { test } from 'node:test'
import { FairQueue } from './fair-queue.ts'

function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void
  const promise = new Promise<void>((resolve) => {
    open = resolve
  })
  return { promise, open }
}

test('a party with one job is served before the flood of another party queued earlier', async () => {
  const queue = new FairQueue(2)
  const started: string[] = []
  const gates = new Map<string, ReturnType<typeof gate>>()
  const job = (name: string) => () => {
    started.push(name)
    const g = gate()
    gates.set(name, g)
    return g.promise
  }
  const flood = Array.from({ length: 30 }, (_, i) => queue.run('127.0.0.1', job(`flood${i}`)))
  await new Promise((r) => setImmediate(r))
  const legit = queue.run('127.0.0.2', job('legit'))
  await new Promise((r) => setImmediate(r))
  assert.deepEqual(started, ['flood0', 'flood1'], 'two run at once, the rest wait')
  assert.equal(queue.waiting, 29)
  gates.get('flood0')!.open()
  await new Promise((r) => setImmediate(r))
  assert.deepEqual(started, ['flood0', 'flood1', 'legit'], 'the freed slot goes to the other party, whose turn it is')
  gates.get('legit')!.open()
  await legit
  for (let i = 1; i < 30; i++) {
    await new Promise((r) => setImmediate(r))
    gates.get(`flood${i}`)?.open()
  }
  await new Promise((r) => setImmediate(r))
  for (const g of gates.values()) g.open()
  await Promise.all(flood)
  assert.equal(started.length, 31, 'every job ran once')
  assert.equal(queue.waiting, 0)
})

test('parties take turns: three parties with queued jobs alternate', async () => {
  const queue = new FairQueue(1)
  const order: string[] = []
  const all: Promise<void>[] = []
  const blocker = gate()
  all.push(queue.run('x', () => blocker.promise))
  for (const party of ['a', 'a', 'a', 'b', 'b', 'c'])
    all.push(
      queue.run(party, async () => {
        order.push(party)
      }),
    )
  blocker.open()
  await Promise.all(all)
  assert.deepEqual(order, ['a', 'b', 'c', 'a', 'b', 'a'])
})

test('a failing job frees its slot', async () => {
  const queue = new FairQueue(1)
  await assert.rejects(
    queue.run('a', () => Promise.reject(new Error('boom'))),
    /boom/,
  )
  assert.equal(await queue.run('b', async () => 42), 42)
})
