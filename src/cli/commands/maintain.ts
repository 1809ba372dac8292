// `fides maintain`: the maintenance pass, run by hand.
import { parseArgs } from 'node:util'
import { systemClock } from '../../platform/clock.ts'
import { createProgress, type Progress } from '../../platform/progress.ts'
import { runMaintenance } from '../../modules/retention/index.ts'
import { endEntriesOnLapsedBasis, loadLists } from '../../modules/lists/index.ts'
import { UsageError, withContext } from '../context.ts'

/** `fides maintain`: one maintenance pass: overdue objections, take-downs, erasures. */
export async function maintainCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { 'batch-size': { type: 'string' }, 'no-progress': { type: 'boolean' } },
  })
  const batchSize = values['batch-size'] === undefined ? undefined : Number(values['batch-size'])
  if (batchSize !== undefined && !(Number.isInteger(batchSize) && batchSize > 0))
    throw new UsageError('--batch-size must be a positive integer')
  return withContext(async ({ config, database, catalogue }) => {
    let progress: Progress | undefined
    const lists = await loadLists(new Set(catalogue.kinds.keys()), {
      listCatalogue: config.listCatalogueFile,
      holidays: config.holidaysFile,
    })
    const report = await runMaintenance(
      {
        database,
        clock: systemClock,
        catalogue,
        lists: { ...lists, keys: config.keys },
        onRecordsLapsed: endEntriesOnLapsedBasis(lists),
      },
      {
        ...(batchSize ? { batchSize } : {}),
        ...(values['no-progress']
          ? {}
          : {
              onProgress: (phase: string, done: number, total: number) => {
                if (phase !== 'records') return
                progress ??= createProgress({ label: 'maintenance pass', total, unit: 'ranges' })
                progress.update(done)
              },
            }),
      },
    )
    progress?.finish()
    process.stdout.write(JSON.stringify({ ...report, seconds: Number(report.seconds.toFixed(2)) }) + '\n')
    return 0
  })
}
