// `fides department`: departments that check list entries in their domains (the API key shown once).
import { parseArgs } from 'node:util'
import { systemClock } from '../../platform/clock.ts'
import { addDepartment } from '../../modules/access/index.ts'
import { operatorOf, required, UsageError, withContext } from '../context.ts'

/** `fides department add`. */
export async function departmentCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args
  if (sub !== 'add') throw new UsageError(`unknown: department ${sub ?? ''}`)
  const { values } = parseArgs({
    args: rest,
    options: { name: { type: 'string' }, 'display-name': { type: 'string' }, domains: { type: 'string' } },
  })
  return withContext(async ({ config, database }) => {
    const { department, apiKey } = await addDepartment(database, systemClock, operatorOf(config), {
      name: required(values, 'name'),
      displayName: values['display-name'] ?? required(values, 'name'),
      domains: required(values, 'domains')
        .split(',')
        .map((d) => d.trim())
        .filter(Boolean),
    })
    process.stdout.write(`department ${department.name} added; domains: ${department.domains.join(', ')}\n`)
    process.stdout.write(`API key (shown once, keep it safe): ${apiKey}\n`)
    return 0
  })
}
