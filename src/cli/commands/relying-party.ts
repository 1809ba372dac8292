// `fides relying-party`: relying parties and their permissible purposes (the API key shown once).
import { parseArgs } from 'node:util'
import { systemClock } from '../../platform/clock.ts'
import { addRelyingParty } from '../../modules/access/index.ts'
import { operatorOf, required, UsageError, withContext } from '../context.ts'

/** `fides relying-party add`. */
export async function relyingPartyCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args
  if (sub !== 'add') throw new UsageError(`unknown: relying-party ${sub ?? ''}`)
  const { values } = parseArgs({
    args: rest,
    options: {
      name: { type: 'string' },
      'display-name': { type: 'string' },
      type: { type: 'string' },
      purposes: { type: 'string' },
    },
  })
  return withContext(async ({ config, database }) => {
    const { relyingParty, apiKey } = await addRelyingParty(database, systemClock, operatorOf(config), {
      name: required(values, 'name'),
      displayName: values['display-name'] ?? required(values, 'name'),
      partyType: required(values, 'type'),
      purposes: required(values, 'purposes')
        .split(',')
        .map((p) => p.trim())
        .filter(Boolean),
    })
    process.stdout.write(`relying party ${relyingParty.name} added; purposes: ${relyingParty.purposes.join(', ')}\n`)
    process.stdout.write(`API key (shown once, keep it safe): ${apiKey}\n`)
    return 0
  })
}
