// `fides import`: a file of records, of any size, from one source; every bad line reported in a rejects file.
import { parseArgs } from 'node:util'
import { afterBulkLoad } from '../../db/database.ts'
import { systemClock } from '../../platform/clock.ts'
import { getSourceByName } from '../../modules/sources/index.ts'
import { endEntriesOnLapsedBasis, loadLists } from '../../modules/lists/index.ts'
import { importFile, type ImportFormat } from '../../modules/records/index.ts'
import { required, UsageError, withContext } from '../context.ts'

/** `fides import FILE --source NAME`: exit 2 when lines were rejected. */
export async function importCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      source: { type: 'string' },
      format: { type: 'string' },
      rejects: { type: 'string' },
      'chunk-size': { type: 'string' },
      'no-progress': { type: 'boolean' },
      'progress-interval': { type: 'string' },
    },
  })
  if (positionals.length !== 1) throw new UsageError('fides import FILE --source NAME')
  const format = values.format
  if (format !== undefined && format !== 'csv' && format !== 'ndjson') throw new UsageError('--format csv|ndjson')
  return withContext(async (ctx) => {
    const source = await getSourceByName(ctx.database, required(values, 'source'))
    const principal = {
      sourceId: source.sourceId,
      name: source.name,
      isGovernment: source.isGovernment,
      allowedKinds: new Set(source.allowedKinds),
    }
    // a new version whose decision no longer stands ends the list entries resting on it
    const lists = await loadLists(new Set(ctx.catalogue.kinds.keys()), {
      listCatalogue: ctx.config.listCatalogueFile,
      holidays: ctx.config.holidaysFile,
    })
    const report = await importFile(
      {
        database: ctx.database,
        clock: systemClock,
        keys: ctx.config.keys,
        catalogue: ctx.catalogue,
        onRecordsLapsed: endEntriesOnLapsedBasis(lists),
      },
      principal,
      { type: 'source', id: source.name },
      positionals[0]!,
      {
        ...(format ? { format: format as ImportFormat } : {}),
        ...(values.rejects ? { rejectsPath: values.rejects } : {}),
        ...(values['chunk-size'] ? { chunkSize: Number(values['chunk-size']) } : {}),
        progress: !values['no-progress'],
        ...(values['progress-interval'] ? { progressIntervalMs: Number(values['progress-interval']) * 1000 } : {}),
      },
    )
    await afterBulkLoad(ctx.database)
    const { rejectsPath, seconds, ...counts } = report
    process.stdout.write(
      JSON.stringify({
        ...counts,
        seconds: Number(seconds.toFixed(2)),
        rejectsFile: rejectsPath,
        peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
      }) + '\n',
    )
    return report.rejected > 0 ? 2 : 0
  })
}
