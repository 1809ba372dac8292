import assert from 'node:assert/strict'
import { it } from 'node:test'
import v8 from 'node:v8'
import vm from 'node:vm'
import { parseCsv } from './index.ts'

v8.setFlagsFromString('--expose-gc')
const gc = vm.runInNewContext('gc') as () => void

const LINES = 200_000

/** ~150 characters per line, most of them Chinese: kept in memory they would take ~70 MB of heap (two-byte strings) plus the row objects. */
function* generate(): Generator<string> {
  yield 'id,name,address,note\n'
  const filler = '北京市朝阳区建国路八十八号现代城写字楼某某层某某室'.repeat(5)
  for (let i = 0; i < LINES; i++)
    yield `${i},"张伟${i}","${filler}","第${i}行 ${i % 7 === 0 ? 'overdue, see file' : 'ok'}"\n`
}

async function* source(): AsyncGenerator<string> {
  yield* generate()
}

void it(`streams ${LINES.toLocaleString('en')} lines through parseCsv with flat memory`, {
  timeout: 120_000,
}, async () => {
  gc()
  const base = process.memoryUsage().heapUsed
  let peak = 0
  let rows = 0
  let chars = 0
  for await (const item of parseCsv(source())) {
    assert.ok(item.ok)
    rows++
    chars += (item.value.address ?? '').length
    if (rows % 20_000 === 0) {
      gc()
      peak = Math.max(peak, process.memoryUsage().heapUsed - base)
    }
  }
  assert.equal(rows, LINES)
  assert.ok(chars > LINES * 100)
  assert.ok(peak < 50 * 1024 * 1024, `heap grew by ${(peak / 1048576).toFixed(1)} MB`)
})
