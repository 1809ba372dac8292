/**
 * Parse throughput on generated credit records (~200 bytes/line, every line with a Chinese name and
 * address unless --ascii, one CSV row in ten with a quoted field).
 *
 *   npx node src/platform/parsers/throughput.bench.ts [lines=1000000] [--file] [--ascii]
 *
 * Input is fed in 64 KiB chunks, like fs.createReadStream; with --file it is written to a temp file
 * and really streamed from disk. Not a *.test.ts file, so `node --test` skips it.
 */
import { Buffer } from 'node:buffer'
import { createReadStream } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseCsv, parseNdjson } from './index.ts'
import type { ParsedLine } from './index.ts'

const args = process.argv.slice(2)
const lines = Number(args.find((a) => /^\d+$/.test(a)) ?? 1_000_000)
const fromFile = args.includes('--file')
const ascii = args.includes('--ascii')
const CHUNK = 64 * 1024
const RUNS = 3

const surnames = ascii ? ['Wang', 'Li', 'Zhang', 'Liu', 'Chen'] : ['王', '李', '张', '刘', '陈']
const given = ascii ? ['Wei', 'Fang', 'Na', 'Min', 'Jing'] : ['伟', '芳', '娜', '敏', '静']

function record(i: number) {
  return {
    record_id: `R${String(i).padStart(10, '0')}`,
    subject_id: `91110000${String((i * 7919) % 100_000_000).padStart(10, '0')}`,
    name: `${surnames[i % 5]}${given[(i >> 3) % 5]}${given[(i >> 5) % 5]}`,
    kind: 'loan.repayment',
    amount: ((i * 7919) % 10_000_000) / 100,
    currency: 'CNY',
    due_date: '2024-03-15',
    paid_date: i % 7 === 0 ? '' : '2024-03-14',
    status: i % 13 === 0 ? 'overdue' : 'paid',
    lender: `lender-${i % 97}`,
    contract_no: `C-2024-${String(i % 1_000_000).padStart(6, '0')}`,
    product: 'personal.consumer',
    address: ascii ? `No. ${i % 200} Jianguo Road, Chaoyang District, Beijing` : `北京市朝阳区建国路${i % 200}号`,
    note: i % 10 === 0 ? 'restructured, see file' : 'regular instalment',
  }
}

/** The NDJSON records carry their keys on every line, so fewer fields make the same ~200 bytes. */
function ndjsonRecord(i: number) {
  const { record_id, subject_id, name, amount, currency, due_date, status, address } = record(i)
  return { record_id, subject_id, name, amount, currency, due_date, status, address }
}

function generate(format: 'csv' | 'ndjson'): Buffer {
  const parts: string[] = []
  if (format === 'csv') parts.push(Object.keys(record(0)).join(',') + '\n')
  for (let i = 0; i < lines; i++) {
    const r = record(i)
    if (format === 'ndjson') parts.push(JSON.stringify(ndjsonRecord(i)) + '\n')
    else
      parts.push(
        Object.values(r)
          .map((v) => (typeof v === 'string' && v.includes(',') ? `"${v}"` : String(v)))
          .join(',') + '\n',
      )
  }
  return Buffer.from(parts.join(''))
}

function* chunks(buf: Buffer): Generator<Buffer> {
  for (let i = 0; i < buf.length; i += CHUNK) yield buf.subarray(i, i + CHUNK)
}

async function* toAsync(source: Iterable<Buffer>): AsyncGenerator<Buffer> {
  yield* source
}

type Parser = (input: AsyncIterable<Uint8Array>) => AsyncIterable<ParsedLine<Record<string, unknown>>>

async function run(name: string, parse: Parser, data: Buffer): Promise<void> {
  let dir: string | null = null
  let path = ''
  if (fromFile) {
    dir = await mkdtemp(join(tmpdir(), 'fides-bench-'))
    path = join(dir, `data.${name}`)
    await writeFile(path, data)
  }
  const mb = data.length / 1e6
  console.log(
    `${name}: ${lines.toLocaleString('en')} lines, ${mb.toFixed(0)} MB (${(data.length / lines).toFixed(0)} B/line)${fromFile ? ', from file' : ''}`,
  )
  const rates: number[] = []
  for (let r = 0; r < RUNS; r++) {
    const source: AsyncIterable<Uint8Array> = fromFile
      ? createReadStream(path, { highWaterMark: CHUNK })
      : toAsync(chunks(data))
    const t0 = performance.now()
    let ok = 0
    let bad = 0
    for await (const item of parse(source)) {
      if (item.ok) ok++
      else bad++
    }
    const s = (performance.now() - t0) / 1000
    const rate = (ok + bad) / s
    rates.push(rate)
    console.log(
      `  run ${r + 1}: ${s.toFixed(2)} s, ${Math.round(rate).toLocaleString('en')} lines/s, ${(mb / s).toFixed(0)} MB/s (ok ${ok}, errors ${bad})`,
    )
  }
  rates.sort((a, b) => a - b)
  console.log(`  median ${Math.round(rates[Math.floor(rates.length / 2)]!).toLocaleString('en')} lines/s`)
  if (dir !== null) await rm(dir, { recursive: true })
}

await run('csv', (input) => parseCsv(input), generate('csv'))
await run('ndjson', (input) => parseNdjson(input), generate('ndjson'))
