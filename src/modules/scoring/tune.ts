/**
 * Choosing the binning's merge threshold by cross-validation inside the development sample: for each
 * value in the grid, fit on all but one fold and score that fold; the value with the best pooled AUC
 * wins (a tie goes to the larger threshold: fewer, larger bins). Only the development rows take part,
 * so an outer validation of the whole procedure stays honest. Seeded: the same rows give the same
 * choice.
 */
import { auc, stratifiedFolds } from './metrics.ts'
import {
  fitScorecard,
  fitSegmented,
  ModelError,
  scoreTable,
  type FitOptions,
  type Model,
  type Table,
} from './scorecard.ts'

export const CHI_GRID: readonly number[] = [1, 2, 3.84, 6]

export interface Tuning {
  parameter: 'chiThreshold'
  folds: number
  seed: number
  auc: { value: number; auc: number }[]
  chosen: number
}

export type TunableOptions = FitOptions & { segment?: { column: string; cuts: number[] } }

const fit = (table: Table, options: TunableOptions): Model =>
  options.segment ? fitSegmented(table, { ...options, segment: options.segment }) : fitScorecard(table, options)

export function tuneChiThreshold(
  table: Table,
  options: TunableOptions,
  tuning: { grid?: readonly number[]; folds?: number; seed?: number } = {},
): Tuning {
  const grid = tuning.grid ?? CHI_GRID
  const k = tuning.folds ?? 3
  const seed = tuning.seed ?? options.seed ?? 1
  const at = table.columns.indexOf(options.target)
  if (at < 0) throw new ModelError('model.no_target', `no column ${options.target}`, [options.target])
  const bad = Uint8Array.from(table.rows, (r) => (r[at] === '1' ? 1 : 0))
  const fold = stratifiedFolds(bad, k, seed)
  const results = grid.map((value) => {
    const scores = new Float64Array(table.rows.length)
    for (let f = 0; f < k; f++) {
      const model = fit(
        { columns: table.columns, rows: table.rows.filter((_, i) => fold[i] !== f) },
        { ...options, chiThreshold: value, source: undefined },
      )
      const held = table.rows.flatMap((_, i) => (fold[i] === f ? [i] : []))
      const s = scoreTable(model, { columns: table.columns, rows: held.map((i) => table.rows[i]!) })
      held.forEach((i, j) => {
        scores[i] = s[j]!
      })
    }
    return { value, auc: Math.round(auc(scores, bad) * 1e6) / 1e6 }
  })
  const best = results.reduce((a, b) => (b.auc > a.auc || (b.auc === a.auc && b.value > a.value) ? b : a))
  return { parameter: 'chiThreshold', folds: k, seed, auc: results, chosen: best.value }
}

/** Tunes the merge threshold, then fits on the whole sample with it; the model file records the tuning. */
export function fitTuned(
  table: Table,
  options: TunableOptions,
  tuning: { grid?: readonly number[]; folds?: number; seed?: number } = {},
): Model & { tuning: Tuning } {
  const t = tuneChiThreshold(table, options, tuning)
  return { ...fit(table, { ...options, chiThreshold: t.chosen }), tuning: t }
}
