// `fides source`: source agencies (their API key shown once) and their signed webhooks.
import { parseArgs } from 'node:util'
import { systemClock } from '../../platform/clock.ts'
import { addSource, agencyTypes, isAgencyType, setWebhook } from '../../modules/sources/index.ts'
import { operatorOf, required, UsageError, withContext } from '../context.ts'

/** `fides source add` and `fides source webhook`. */
export async function sourceCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args
  if (sub === 'webhook') {
    const { values } = parseArgs({
      args: rest,
      options: { name: { type: 'string' }, url: { type: 'string' }, remove: { type: 'boolean' } },
    })
    if ((values.url === undefined) === (values.remove !== true))
      throw new UsageError('fides source webhook --name NAME (--url URL | --remove)')
    return withContext(async ({ config, database }) => {
      const { secret } = await setWebhook(
        database,
        systemClock,
        config.keys,
        operatorOf(config),
        required(values, 'name'),
        values.url ?? null,
      )
      process.stdout.write(
        secret === null
          ? `webhook of ${values.name} removed\n`
          : `webhook of ${values.name} set to ${values.url}\nsigning secret (shown once, keep it safe): ${secret}\n`,
      )
      return 0
    })
  }
  if (sub !== 'add') throw new UsageError(`unknown: source ${sub ?? ''}`)
  const { values } = parseArgs({
    args: rest,
    options: {
      name: { type: 'string' },
      'display-name': { type: 'string' },
      type: { type: 'string' },
      kinds: { type: 'string' },
    },
  })
  const type = required(values, 'type')
  if (!isAgencyType(type)) throw new UsageError(`--type must be one of ${agencyTypes.join(', ')}`)
  return withContext(async ({ config, database, catalogue }) => {
    const { source, apiKey } = await addSource(
      database,
      systemClock,
      operatorOf(config),
      {
        name: required(values, 'name'),
        displayName: values['display-name'] ?? required(values, 'name'),
        agencyType: type,
        allowedKinds: required(values, 'kinds')
          .split(',')
          .map((k) => k.trim())
          .filter(Boolean),
      },
      new Set(catalogue.kinds.keys()),
    )
    process.stdout.write(
      `source ${source.name} added (${source.isGovernment ? 'government' : 'non-government'} ${source.agencyType}); kinds: ${source.allowedKinds.join(', ')}\n`,
    )
    process.stdout.write(`API key (shown once, keep it safe): ${apiKey}\n`)
    return 0
  })
}
