// `fides db`: the database's migrations.
import { UsageError, withContext } from '../context.ts'

/** `fides db migrate`: apply pending migrations (opening the context does). */
export async function dbCommand(args: string[]): Promise<number> {
  const [sub] = args
  if (sub !== 'migrate') throw new UsageError(`unknown: db ${sub ?? ''}`)
  return withContext(async ({ database }) => {
    process.stdout.write(`migrated (${database.engine})\n`)
    return 0
  })
}
