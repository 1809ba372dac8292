// `fides account`: staff accounts (officers, auditors, sources' and relying parties' people); subjects register themselves.
import { parseArgs } from 'node:util'
import { systemClock } from '../../platform/clock.ts'
import { createStaffAccount } from '../../modules/access/index.ts'
import { operatorOf, required, UsageError, withContext } from '../context.ts'

/** `fides account add`: a staff account (its generated password shown once). */
export async function accountCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args
  if (sub !== 'add') throw new UsageError(`unknown: account ${sub ?? ''}`)
  const { values } = parseArgs({
    args: rest,
    options: {
      role: { type: 'string' },
      username: { type: 'string' },
      'display-name': { type: 'string' },
      source: { type: 'string' },
      'relying-party': { type: 'string' },
    },
  })
  const role = required(values, 'role')
  if (role !== 'officer' && role !== 'auditor' && role !== 'source' && role !== 'relying_party')
    throw new UsageError('--role officer|auditor|source|relying_party (subjects register themselves)')
  if ((role === 'source') !== (values.source !== undefined))
    throw new UsageError('--source NAME goes with --role source, and only with it')
  if ((role === 'relying_party') !== (values['relying-party'] !== undefined))
    throw new UsageError('--relying-party NAME goes with --role relying_party, and only with it')
  return withContext(async ({ config, database }) => {
    const username = required(values, 'username')
    const displayName = values['display-name'] ?? username
    const { password } = await createStaffAccount(
      database,
      systemClock,
      operatorOf(config),
      role === 'source'
        ? { username, displayName, role, sourceName: values.source! }
        : role === 'relying_party'
          ? { username, displayName, role, relyingPartyName: values['relying-party']! }
          : { username, displayName, role },
    )
    process.stdout.write(`${role} account ${username} created; password (shown once, keep it safe): ${password}\n`)
    return 0
  })
}
