// `fides log`: the transparency log: sequencing and signing, verification (the log, its copies outside the
// database, then the state tables against the audit trail) and another instance's log from outside.
import { parseArgs } from 'node:util'
import { readFile, writeFile } from 'node:fs/promises'
import type { Config } from '../../config.ts'
import { systemClock } from '../../platform/clock.ts'
import { createProgress, type Progress } from '../../platform/progress.ts'
import {
  askWitnesses,
  logIdentity,
  mirrorCheckpoints,
  parseCosignerVerifierKey,
  parseVerifierKey,
  readCheckpointFile,
  sequence,
  signLatest,
  submitToWitnesses,
  verifierOf,
  verifyLog,
  verifyRemote,
  type CheckpointCopy,
  type CopyProblem,
  type LogProblem,
  type Verifier,
  type WitnessEndpoint,
} from '../../modules/transparency/index.ts'
import { verifyState } from '../../modules/integrity/index.ts'
import { required, UsageError, withContext } from '../context.ts'

function describeProblem(p: LogProblem): string {
  switch (p.kind) {
    case 'event_changed':
      return `leaf ${p.leafIndex}: audit event ${p.seq} differs from what was logged`
    case 'event_missing':
      return `leaf ${p.leafIndex}: audit event ${p.seq} is gone`
    case 'leaf_missing':
      return `leaf ${p.leafIndex}: missing from the log`
    case 'event_not_logged':
      return `audit event ${p.seq}: in the audit trail but never logged (inserted behind the sequencer)`
    case 'checkpoint_root':
      return `checkpoint at size ${p.size}: its signed root does not match the recomputed tree`
    case 'checkpoint_signature':
      return `checkpoint at size ${p.size}: ${p.reason}`
    case 'checkpoint_beyond_log':
      return `checkpoint at size ${p.size}: signed, but the log holds fewer leaves`
    case 'copy_rewritten':
      return `checkpoint at size ${p.size} kept by ${p.source}: its root is not the log's at that size: the log was rewritten after it was signed`
    case 'copy_beyond_log':
      return `checkpoint at size ${p.size} kept by ${p.source}: the log holds only ${p.logSize} leaves: its tail was deleted`
    case 'copy_unavailable':
      return `${p.source}: ${p.reason}`
  }
}

const witnessEndpoints = (config: Readonly<Config>): WitnessEndpoint[] =>
  config.log.witnesses.map((w) => ({ url: w.url, verifier: parseCosignerVerifierKey(w.verifierKey) }))

/** The checkpoints kept outside the database: the checkpoint file and what each witness last cosigned. */
async function outsideCopies(
  config: Readonly<Config>,
  verifier: Verifier,
): Promise<{ copies: CheckpointCopy[]; problems: CopyProblem[] }> {
  const file = config.log.checkpointFile
    ? await readCheckpointFile(config.log.checkpointFile, verifier)
    : { copies: [], problems: [] }
  const witnesses = await askWitnesses(config.log.origin, verifier, witnessEndpoints(config))
  return { copies: [...file.copies, ...witnesses.copies], problems: [...file.problems, ...witnesses.problems] }
}

/** `fides log verify --remote`: trust on first use when FILE does not exist yet, then consistency from it. */
async function verifyRemoteLog(
  url: string,
  key: string,
  since: string,
  witnessKeys: readonly string[],
  threshold: string | undefined,
): Promise<number> {
  let verifier
  try {
    verifier = parseVerifierKey(key)
  } catch (error) {
    throw new UsageError(
      `--key: ${(error as Error).message} (the instance publishes it at ${url.replace(/\/$/, '')}/v1/log/key)`,
    )
  }
  const verifiers = witnessKeys.map((k) => {
    try {
      return parseCosignerVerifierKey(k)
    } catch (error) {
      throw new UsageError(`--witness ${k}: ${(error as Error).message}`)
    }
  })
  if (threshold !== undefined && verifiers.length === 0)
    throw new UsageError('--threshold counts cosignatures of the --witness keys given: give them')
  const needed = threshold === undefined ? verifiers.length : Number(threshold)
  if (verifiers.length > 0 && (!Number.isInteger(needed) || needed < 1 || needed > verifiers.length))
    throw new UsageError(`--threshold is a whole number from 1 to the number of --witness keys (${verifiers.length})`)
  let saved: string | null = null
  try {
    saved = await readFile(since, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
  }
  const result = await verifyRemote(url, verifier, saved, { verifiers, threshold: needed })
  if (!result.ok) {
    process.stdout.write(`${url}: the log does NOT verify: ${result.reason}\n`)
    return 1
  }
  await writeFile(since, result.note)
  process.stdout.write(
    result.from === null
      ? `${url}: first contact; checkpoint of ${result.checkpoint.size} leaves verified and saved to ${since}\n`
      : `${url}: the log of ${result.checkpoint.size} leaves extends the one of ${result.from} saved in ${since}; saved the new checkpoint\n`,
  )
  if (verifiers.length > 0)
    process.stdout.write(
      `cosigned by ${result.cosignedBy.length} of ${verifiers.length} witnesses (${result.cosignedBy.join(', ')}); ${needed} required\n`,
    )
  return 0
}

/** `fides log sequence`, `fides log verify` and `fides log verify --remote`. */
export async function logCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args
  const { values } = parseArgs({
    args: rest,
    options: {
      remote: { type: 'string' },
      key: { type: 'string' },
      since: { type: 'string' },
      witness: { type: 'string', multiple: true },
      threshold: { type: 'string' },
    },
  })
  if (sub === 'sequence') {
    return withContext(async ({ config, database }) => {
      const progress = createProgress({ label: 'appending to the log', unit: 'events' })
      let appended = 0
      for (;;) {
        const added = await sequence(database, { maxBatches: 1 })
        if (added === 0) break
        appended += added
        progress.update(appended)
      }
      const note = await signLatest(database, systemClock, logIdentity(config.log))
      if (config.log.checkpointFile) await mirrorCheckpoints(database, config.log.checkpointFile)
      process.stdout.write(`${appended} events appended\n${note}`)
      for (const s of await submitToWitnesses(database, systemClock, witnessEndpoints(config))) {
        process.stdout.write(
          s.ok
            ? `witness ${s.witness}: cosigned ${s.size} leaves\n`
            : `witness ${s.witness}: NOT cosigned: ${s.reason}\n`,
        )
      }
      return 0
    })
  }
  if (sub !== 'verify') throw new UsageError(`unknown: log ${sub ?? ''}`)
  if (values.remote !== undefined)
    return verifyRemoteLog(
      values.remote,
      required(values, 'key'),
      required(values, 'since'),
      values.witness ?? [],
      values.threshold,
    )
  return withContext(async ({ config, database }) => {
    const identity = logIdentity(config.log)
    const outside = await outsideCopies(config, verifierOf(identity.key))
    let progress: Progress | undefined
    const verified = await verifyLog(
      database,
      verifierOf(identity.key),
      (done, total) => {
        progress ??= createProgress({ label: 'verifying the log', total, unit: 'leaves' })
        progress.update(done)
      },
      outside.copies,
    )
    progress?.finish()
    const report = {
      ...verified,
      problems: [
        ...verified.problems,
        ...outside.problems.map((p): LogProblem => ({ kind: 'copy_unavailable', ...p })),
      ],
    }
    if (report.problems.length === 0) {
      process.stdout.write(
        `the log holds: ${report.size} leaves recomputed from their events, ${report.checkpoints} signed checkpoints verified, ${outside.copies.length} checkpoints kept outside the database agree; root ${report.root.toString('base64')}\n`,
      )
    } else {
      process.stdout.write(
        `the log does NOT hold: ${report.problems.length} problem(s), the first at ${describeProblem(report.problems[0]!)}\n`,
      )
      for (const p of report.problems.slice(0, 50)) process.stdout.write(`  ${describeProblem(p)}\n`)
    }
    // then the state tables against the events the log holds
    let stateProgress: Progress | undefined
    let first = true
    const state = await verifyState(database, {
      onProgress: (done, total) => {
        ;(stateProgress ??= createProgress({ label: 'checking the state tables', total, unit: 'ranges' })).update(done)
      },
      onFinding: (f) => {
        if (first) process.stdout.write('the state tables do NOT agree with the audit trail:\n')
        first = false
        process.stdout.write(`  ${f.table} ${f.id}: ${f.detail}\n`)
      },
    })
    stateProgress?.finish()
    const { checked } = state
    const counts = `${checked.list_entries} list entries, ${checked.consents} consents, ${checked.objections} objections, ${checked.subject_accounts} subject accounts`
    process.stdout.write(
      state.findings === 0
        ? `the state tables agree with the audit trail: ${counts} recomputed from their events\n`
        : `${state.findings} row(s) of ${counts} disagree with their events\n`,
    )
    return report.problems.length === 0 && state.findings === 0 ? 0 : 1
  })
}
