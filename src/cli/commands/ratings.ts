// `fides ratings`: enterprise ratings.
import { parseArgs } from 'node:util'
import { systemClock } from '../../platform/clock.ts'
import { createProgress, type Progress } from '../../platform/progress.ts'
import { loadRatingModel, ratingContextOf, recomputeAll } from '../../modules/ratings/index.ts'
import { UsageError, withContext } from '../context.ts'

/** `fides ratings recompute`: re-rate every organisation under the rating model. */
export async function ratingsCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args
  if (sub !== 'recompute') throw new UsageError(`unknown: ratings ${sub ?? ''}`)
  const { values } = parseArgs({ args: rest, options: { 'no-progress': { type: 'boolean' } } })
  return withContext(async ({ config, database, catalogue }) => {
    const rating = ratingContextOf(await loadRatingModel(config.ratingModelFile, new Set(catalogue.kinds.keys())))
    let progress: Progress | undefined
    const report = await recomputeAll(
      { database, clock: systemClock, catalogue, rating },
      values['no-progress']
        ? {}
        : {
            onProgress: (done, total, r) => {
              progress ??= createProgress({
                label: `rating (${rating.model.code} ${rating.model.version})`,
                total,
                unit: 'ranges',
              })
              progress.update(done, `${r.subjects} organisations, ${r.changed} changed`)
            },
          },
    )
    progress?.finish()
    process.stdout.write(
      JSON.stringify({
        model: rating.model.code,
        version: rating.model.version,
        ...report,
        seconds: Number(report.seconds.toFixed(2)),
      }) + '\n',
    )
    return 0
  })
}
