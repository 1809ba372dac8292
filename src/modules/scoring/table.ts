/** Reads a CSV file (header first) into memory as a table of text cells, for fitting and reports. */
import { createReadStream } from 'node:fs'
import { parseCsv } from '../../platform/parsers/index.ts'
import { ModelError, type Table } from './scorecard.ts'

export async function readTable(path: string): Promise<Table> {
  let columns: string[] | null = null
  const rows: string[][] = []
  const problems: string[] = []
  for await (const item of parseCsv(createReadStream(path))) {
    if (!item.ok) {
      problems.push(`line ${item.line}: ${item.message}`)
      continue
    }
    columns ??= Object.keys(item.value)
    rows.push(columns.map((c) => item.value[c]!))
  }
  if (problems.length > 0)
    throw new ModelError(
      'model.bad_file',
      `${path}: ${problems.length} bad lines (${problems.slice(0, 5).join('; ')}${problems.length > 5 ? '; ...' : ''})`,
    )
  if (!columns) throw new ModelError('model.bad_file', `${path}: no header`)
  return { columns, rows }
}
