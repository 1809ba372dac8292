/** Reads a CSV file (header first) into memory as a table of text cells, for fitting and reports. */
import { createReadStream } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { parseCsv } from '../../platform/parsers/index.ts'
import { ModelError, type Table } from './scorecard.ts'

export async function readTable(path: string): Promise<Table> {
  let columns: string[] | null = null
  const rows: string[][] = []
  const problems: string[] = []
  try {
    for await (const item of parseCsv(createReadStream(path))) {
      if (!item.ok) {
        problems.push(`line ${item.line}: ${item.message}`)
        continue
      }
      columns ??= Object.keys(item.value)
      rows.push(columns.map((c) => item.value[c]!))
    }
  } catch (error) {
    if (!(error as NodeJS.ErrnoException).code) throw error
    throw new ModelError('model.bad_file', `${path}: cannot read the data (${fileProblem(error)})`)
  }
  if (problems.length > 0)
    throw new ModelError(
      'model.bad_file',
      `${path}: ${problems.length} bad lines (${problems.slice(0, 5).join('; ')}${problems.length > 5 ? '; ...' : ''})`,
    )
  if (!columns) throw new ModelError('model.bad_file', `${path}: no header`)
  return { columns, rows }
}

/** A file's bytes, or a refusal naming it and why it could not be read. */
export async function readBytes(path: string, what: string): Promise<Buffer> {
  try {
    return await readFile(path)
  } catch (error) {
    throw new ModelError('model.bad_file', `${path}: cannot read ${what} (${fileProblem(error)})`)
  }
}

/** Why a file could not be read, in words. */
export function fileProblem(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code
  return code === 'ENOENT'
    ? 'no such file'
    : code === 'EACCES'
      ? 'permission denied'
      : code === 'EISDIR'
        ? 'a directory, not a file'
        : (error as Error).message
}
