/**
 * bench/catalogue: how long the charter check of the shipped catalogue takes (goal: at most 1 s).
 * Measures, in one run: the `fides catalogue check` command end to end (a fresh process: Node's start,
 * loading the dictionary, reading and checking the file) for the record kinds and the list catalogue, and
 * the validator alone in this process (the first call, and the median of 50 more).
 *   npx node bench/catalogue/run.ts
 */
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { cpus, totalmem } from 'node:os'
import { validateCatalogue } from '../../src/modules/catalogue/index.ts'

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

function command(file: string, runs = 5): number[] {
  const times: number[] = []
  for (let i = 0; i < runs; i++) {
    const started = performance.now()
    const r = spawnSync(process.execPath, ['src/cli/main.ts', 'catalogue', 'check', file], { encoding: 'utf8' })
    times.push(performance.now() - started)
    if (r.status !== 0) throw new Error(`${file}: ${r.stderr}`)
  }
  return times
}

const input = JSON.parse(readFileSync('catalogue/record-kinds.json', 'utf8')) as unknown
let started = performance.now()
const first = validateCatalogue(input)
const firstMs = performance.now() - started
if (!first.ok) throw new Error('the shipped catalogue is refused')
const warm: number[] = []
for (let i = 0; i < 50; i++) {
  started = performance.now()
  validateCatalogue(input)
  warm.push(performance.now() - started)
}
const kinds = command('catalogue/record-kinds.json')
const lists = command('catalogue/lists.json')
const noop = (() => {
  const times: number[] = []
  for (let i = 0; i < 5; i++) {
    const s = performance.now()
    spawnSync(process.execPath, ['-e', '0'])
    times.push(performance.now() - s)
  }
  return times
})()
const result = {
  machine: `${cpus().length} × ${cpus()[0]?.model ?? '?'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.versions.node}`,
  validatorFirstCallMs: +firstMs.toFixed(1),
  validatorWarmMedianMs: +median(warm).toFixed(2),
  commandRecordKindsMedianMs: Math.round(median(kinds)),
  commandListsMedianMs: Math.round(median(lists)),
  emptyNodeProcessMedianMs: Math.round(median(noop)),
  kinds: first.catalogue.kinds.length,
}
console.log(JSON.stringify(result, null, 2))
