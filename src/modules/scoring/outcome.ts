/**
 * The outcome column of a development file or a sample, read as bad (1) or good (0). Files write it in
 * their own words: 1 and 0, 1.0 and 0.0, Bad and Good, 2 and 1 (the German credit file). By default a
 * value equal to the number 1 is bad and one equal to 0 is good; a spec's `outcome` names the file's
 * values instead (`{ "bad": ["Bad"], "good": ["Good"] }`), and the model keeps it so that its reports
 * read samples the same way. A value that is neither is refused with its lines, never guessed.
 */
import { ModelError, type Table } from './scorecard.ts'

/** The file's values for a bad and for a good outcome. */
export interface OutcomeCoding {
  bad: string[]
  good: string[]
}

export const DEFAULT_OUTCOME: OutcomeCoding = { bad: ['1'], good: ['0'] }

/** Whether a cell is one of the coding's values: the same text, or the same number (1.0 is 1). */
function matches(cell: string, values: readonly string[]): boolean {
  const v = cell.trim()
  const n = v === '' ? Number.NaN : Number(v)
  return values.some((w) => w === v || (Number.isFinite(n) && w.trim() !== '' && Number(w) === n))
}

/** Problems of a spec's `outcome`, as sentences (none if it is well formed). */
export function outcomeProblems(outcome: unknown): string[] {
  if (outcome === undefined) return []
  const isList = (v: unknown) => Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'string' && x !== '')
  if (typeof outcome !== 'object' || outcome === null || Array.isArray(outcome))
    return ['outcome is { "bad": [VALUE, ...], "good": [VALUE, ...] }: the file\'s values for each outcome']
  const o = outcome as Record<string, unknown>
  const problems: string[] = []
  const extra = Object.keys(o).filter((k) => k !== 'bad' && k !== 'good')
  if (extra.length > 0) problems.push(`outcome has bad and good, not ${extra.join(', ')}`)
  if (!isList(o.bad) || !isList(o.good))
    problems.push('outcome.bad and outcome.good are each a non-empty list of the values the file writes')
  else {
    const both = (o.bad as string[]).filter((v) => matches(v, o.good as string[]))
    if (both.length > 0) problems.push(`outcome: ${both.join(', ')} cannot be both bad and good`)
  }
  return problems
}

/**
 * The table with its `target` column as 1 (bad) and 0 (good), read by `coding`. Every row whose value is
 * neither is refused at once, the first lines named (a file's line is its row + 2: the header is line 1).
 */
export function withOutcome(table: Table, target: string, coding: OutcomeCoding = DEFAULT_OUTCOME): Table {
  const at = table.columns.indexOf(target)
  if (at < 0)
    throw new ModelError('model.no_target', `no column ${target} (the outcome) in the file's header`, [target])
  const wrong: string[] = []
  let count = 0
  const rows = table.rows.map((row, i) => {
    const v = row[at] ?? ''
    const bad = matches(v, coding.bad)
    if (!bad && !matches(v, coding.good)) {
      count++
      if (wrong.length < 5) wrong.push(`line ${i + 2}: ${JSON.stringify(v)}`)
      return row
    }
    const out = [...row]
    out[at] = bad ? '1' : '0'
    return out
  })
  if (count > 0)
    throw new ModelError(
      'model.bad_target',
      `${target} must be ${coding.bad.join(' or ')} (bad) or ${coding.good.join(' or ')} (good): ${count} rows are neither (${wrong.join('; ')}${count > wrong.length ? '; ...' : ''}); a spec's "outcome": { "bad": [...], "good": [...] } names other values`,
      [target],
    )
  return { columns: table.columns, rows }
}
