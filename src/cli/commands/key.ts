// `fides key`: officers' API keys (source keys come with `fides source add`).
import { parseArgs } from 'node:util'
import { systemClock } from '../../platform/clock.ts'
import { issueOfficerKey } from '../../modules/sources/index.ts'
import { operatorOf, required, UsageError, withContext } from '../context.ts'

/** `fides key add --role officer`. */
export async function keyCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args
  if (sub !== 'add') throw new UsageError(`unknown: key ${sub ?? ''}`)
  const { values } = parseArgs({ args: rest, options: { role: { type: 'string' }, label: { type: 'string' } } })
  if (required(values, 'role') !== 'officer')
    throw new UsageError('--role officer (source keys come with `fides source add`)')
  return withContext(async ({ config, database }) => {
    const { apiKey } = await issueOfficerKey(database, systemClock, operatorOf(config), required(values, 'label'))
    process.stdout.write(`officer API key (shown once, keep it safe): ${apiKey}\n`)
    return 0
  })
}
