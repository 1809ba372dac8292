/**
 * The `fides` command. It calls services, never SQL: the same paths the API uses.
 *   fides serve                         start the server (as npm start)
 *   fides db migrate                    apply pending migrations
 *   fides catalogue check FILE          run the charter validator on a catalogue file (record kinds, or lists and measures)
 *   fides source add --name N --display-name D --type T --kinds k1,k2
 *   fides relying-party add --name N --display-name D --type T --purposes p1,p2
 *   fides department add --name N --display-name D --domains d1,d2
 *   fides log sequence | fides log verify | fides log verify --remote URL --key VERIFIER_KEY --since FILE [--witness KEY... --threshold K]
 *   fides witness serve --name NAME --key-file FILE --log VERIFIER_KEY... --state DIR [--host H] [--port P]
 *   fides account add --role officer|auditor|source|relying_party [--source NAME | --relying-party NAME] --username U --display-name D
 *                                                   (prints a generated password once)
 *   fides key add --role officer --label L
 *   fides source webhook --name N (--url URL | --remove)
 *   fides maintain [--batch-size N] [--no-progress]
 *   fides import FILE --source NAME [--format csv|ndjson] [--rejects PATH] [--chunk-size N] [--no-progress | --progress-interval SECONDS]
 *   fides ratings recompute [--no-progress]
 *   fides ratings recompute [--no-progress]
                                       re-rate every organisation under the rating model (catalogue/models/)
  fides model fit DATA.csv --target COLUMN --spec FILE [--out MODEL.json] ...
 */
import { parseArgs } from 'node:util'
import { randomBytes } from 'node:crypto'
import { readFile, writeFile } from 'node:fs/promises'
import { ConfigError, loadConfig, type Config } from '../config.ts'
import { openDatabase, afterBulkLoad, type Database } from '../db/database.ts'
import { migrateToLatest } from '../db/migrator.ts'
import { AppError } from '../platform/app-error.ts'
import { systemClock } from '../platform/clock.ts'
import type { Actor } from '../platform/audit.ts'
import { activateCatalogue, type ActiveCatalogue } from '../modules/catalogue/index.ts'
import { addSource, agencyTypes, getSourceByName, isAgencyType, issueOfficerKey, setWebhook } from '../modules/sources/index.ts'
import { runMaintenance } from '../modules/retention/index.ts'
import { endEntriesOnLapsedBasis, loadLists } from '../modules/lists/index.ts'
import { importFile, type ImportFormat } from '../modules/records/index.ts'
import { addDepartment, addRelyingParty, createStaffAccount } from '../modules/access/index.ts'
import {
  askWitnesses, cosignerKeyFromSeed, cosignerVerifierKey, logIdentity, mirrorCheckpoints, parseCosignerVerifierKey, parseVerifierKey, readCheckpointFile, sequence, signLatest,
  submitToWitnesses, verifierOf, verifyLog, verifyRemote, type CheckpointCopy, type CopyProblem, type LogProblem, type Verifier, type WitnessEndpoint,
} from '../modules/transparency/index.ts'
import { openWitnessStore, startWitnessServer } from '../modules/witness/index.ts'
import { createProgress, type Progress } from '../platform/progress.ts'
import { verifyState } from '../modules/integrity/index.ts'
import { loadRatingModel, ratingContextOf, recomputeAll } from '../modules/ratings/index.ts'
import { readDemoCredentials } from '../demo/credentials.ts'
import { cardsOf, fitScorecard, fitSegmented, fitTuned, loadProtectedList, ModelError, modelText, readTable, reportHtml, validate, type FitOptions, type Model, type ModelSpec } from '../modules/scoring/index.ts'

const operatorOf = (config: Readonly<Config>): Actor => ({ type: 'operator', id: config.operator })

const usage = `usage:
  fides serve
  fides demo credentials               print the demo's one-time credentials again (kept in the data directory when the demo data was loaded)
  fides db migrate
  fides catalogue check FILE
  fides source add --name NAME --display-name TEXT --type (${agencyTypes.join('|')}) --kinds KIND[,KIND...]
  fides source webhook --name NAME (--url URL | --remove)
                                       announce objections to the source (prints the signing secret once)
  fides maintain [--batch-size N] [--no-progress]
                                       one maintenance pass: overdue objections, take-downs, erasures
  fides relying-party add --name NAME --display-name TEXT --type TEXT --purposes PURPOSE[,PURPOSE...]
  fides department add --name NAME --display-name TEXT --domains DOMAIN[,DOMAIN...]
  fides log sequence                   append settled audit events to the transparency log, sign a checkpoint
  fides log verify                     recompute the log from the stored events; check every checkpoint; then recompute
                                       list entries, consents, objections and subject accounts from their events
  fides log verify --remote URL --key VERIFIER_KEY --since FILE [--witness WITNESS_KEY]... [--threshold K]
                                       check another instance's log extends the checkpoint saved in FILE (then save the new one);
                                       with witnesses' verifier keys, at least K of them (default: all) must have cosigned it
  fides witness serve --name NAME --key-file FILE --log LOG_VERIFIER_KEY [--log ...] --state DIR [--host 127.0.0.1] [--port 7380]
                                       run a witness (c2sp.org/tlog-witness) for these logs (the origin is the key's name); its
                                       seed is generated into FILE if missing; it prints its verifier key
  fides account add --role (officer|auditor|source|relying_party) [--source NAME | --relying-party NAME] --username NAME --display-name TEXT
  fides key add --role officer --label TEXT
  fides import FILE --source NAME [--format csv|ndjson] [--rejects PATH] [--chunk-size N] [--no-progress | --progress-interval SECONDS]
  fides ratings recompute [--no-progress]
                                       re-rate every organisation under the rating model (catalogue/models/)
  fides model fit DATA.csv --target COLUMN --spec FILE [--name NAME]
                  [--out MODEL.json] [--seed N] [--min-iv X] [--l2 X] [--min-share X] [--max-bins N] [--base-score N] [--base-odds X] [--pdo N]
                  [--segment COLUMN:CUT[,CUT...]]   one card per segment of COLUMN, on one points scale
                  [--tune]                          choose the bins' merge threshold by 3-fold CV on DATA
                  [--protected FILE]                the protected list (default catalogue/protected-features.json)
                                       fit a scorecard (no database); the spec maps every column of DATA to a finance
                                       element (an input), to protected attributes (audit-only) or as ignored
  fides model report MODEL.json --data SAMPLE.csv [--compare OTHER.csv] [--cutoff SCORE] [--out REPORT.html]
                                       validation report: AUC, Gini, KS, calibration, PSI, bins, adverse impact, SVG charts`

class UsageError extends Error {}

interface Context { config: Readonly<Config>; database: Database; catalogue: ActiveCatalogue }

async function withContext<T>(fn: (ctx: Context) => Promise<T>): Promise<T> {
  const config = await loadConfig()
  const database = await openDatabase(config.database)
  try {
    await migrateToLatest(database)
    const catalogue = await activateCatalogue(database, systemClock, config.catalogueFile)
    return await fn({ config, database, catalogue })
  } finally {
    await database.close()
  }
}

function required(values: Record<string, unknown>, name: string): string {
  const value = values[name]
  if (typeof value !== 'string' || value === '') throw new UsageError(`--${name} is required`)
  return value
}

function describeProblem(p: LogProblem): string {
  switch (p.kind) {
    case 'event_changed': return `leaf ${p.leafIndex}: audit event ${p.seq} differs from what was logged`
    case 'event_missing': return `leaf ${p.leafIndex}: audit event ${p.seq} is gone`
    case 'leaf_missing': return `leaf ${p.leafIndex}: missing from the log`
    case 'event_not_logged': return `audit event ${p.seq}: in the audit trail but never logged (inserted behind the sequencer)`
    case 'checkpoint_root': return `checkpoint at size ${p.size}: its signed root does not match the recomputed tree`
    case 'checkpoint_signature': return `checkpoint at size ${p.size}: ${p.reason}`
    case 'checkpoint_beyond_log': return `checkpoint at size ${p.size}: signed, but the log holds fewer leaves`
    case 'copy_rewritten': return `checkpoint at size ${p.size} kept by ${p.source}: its root is not the log's at that size: the log was rewritten after it was signed`
    case 'copy_beyond_log': return `checkpoint at size ${p.size} kept by ${p.source}: the log holds only ${p.logSize} leaves: its tail was deleted`
    case 'copy_unavailable': return `${p.source}: ${p.reason}`
  }
}

const witnessEndpoints = (config: Readonly<Config>): WitnessEndpoint[] => config.log.witnesses.map((w) => ({ url: w.url, verifier: parseCosignerVerifierKey(w.verifierKey) }))

/** The checkpoints kept outside the database: the checkpoint file and what each witness last cosigned. */
async function outsideCopies(config: Readonly<Config>, verifier: Verifier): Promise<{ copies: CheckpointCopy[]; problems: CopyProblem[] }> {
  const file = config.log.checkpointFile ? await readCheckpointFile(config.log.checkpointFile, verifier) : { copies: [], problems: [] }
  const witnesses = await askWitnesses(config.log.origin, verifier, witnessEndpoints(config))
  return { copies: [...file.copies, ...witnesses.copies], problems: [...file.problems, ...witnesses.problems] }
}

/** `fides witness serve`: a witness of its own, until it is stopped. */
async function witnessServe(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { name: { type: 'string' }, 'key-file': { type: 'string' }, log: { type: 'string', multiple: true }, state: { type: 'string' }, host: { type: 'string' }, port: { type: 'string' } } })
  const name = required(values, 'name')
  const keyFile = required(values, 'key-file')
  const state = required(values, 'state')
  if (!values.log?.length) throw new UsageError('--log LOG_VERIFIER_KEY is required (once per log witnessed)')
  const logs = new Map<string, Verifier>()
  for (const text of values.log) {
    try { logs.set(text.split('+')[0]!, parseVerifierKey(text)) } catch (error) { throw new UsageError(`--log ${text}: ${(error as Error).message}`) }
  }
  const port = Number(values.port ?? '7380')
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError('--port is a port number')
  let seedText: string
  try {
    seedText = await readFile(keyFile, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
    seedText = randomBytes(32).toString('base64') + '\n'
    await writeFile(keyFile, seedText, { mode: 0o600, flag: 'wx' })
  }
  const seed = Buffer.from(seedText.trim(), 'base64')
  if (seed.length !== 32) throw new UsageError(`--key-file: ${keyFile} must hold a 32-byte seed in base64`)
  let key
  try { key = cosignerKeyFromSeed(name, seed) } catch (error) { throw new UsageError(`--name: ${(error as Error).message}`) }
  const server = await startWitnessServer({
    key, logs, store: await openWitnessStore(state), host: values.host ?? '127.0.0.1', port,
    now: () => Math.floor(Date.now() / 1000),
    onRequest: (line) => process.stderr.write(`${new Date().toISOString()} ${line}\n`),
  })
  const stop = () => void server.close().then(() => process.exit(0))
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
  process.stdout.write(`witness ${name} listening on ${server.url}\nverifier key ${cosignerVerifierKey(key)}\n`)
  return -1
}

/** `fides log verify --remote`: trust on first use when FILE does not exist yet, then consistency from it. */
async function verifyRemoteLog(url: string, key: string, since: string, witnessKeys: readonly string[], threshold: string | undefined): Promise<number> {
  let verifier
  try { verifier = parseVerifierKey(key) } catch (error) { throw new UsageError(`--key: ${(error as Error).message} (the instance publishes it at ${url.replace(/\/$/, '')}/v1/log/key)`) }
  const verifiers = witnessKeys.map((k) => {
    try { return parseCosignerVerifierKey(k) } catch (error) { throw new UsageError(`--witness ${k}: ${(error as Error).message}`) }
  })
  if (threshold !== undefined && verifiers.length === 0) throw new UsageError('--threshold counts cosignatures of the --witness keys given: give them')
  const needed = threshold === undefined ? verifiers.length : Number(threshold)
  if (verifiers.length > 0 && (!Number.isInteger(needed) || needed < 1 || needed > verifiers.length)) throw new UsageError(`--threshold is a whole number from 1 to the number of --witness keys (${verifiers.length})`)
  let saved: string | null = null
  try { saved = await readFile(since, 'utf8') } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
  }
  const result = await verifyRemote(url, verifier, saved, { verifiers, threshold: needed })
  if (!result.ok) {
    process.stdout.write(`${url}: the log does NOT verify: ${result.reason}\n`)
    return 1
  }
  await writeFile(since, result.note)
  process.stdout.write(result.from === null
    ? `${url}: first contact; checkpoint of ${result.checkpoint.size} leaves verified and saved to ${since}\n`
    : `${url}: the log of ${result.checkpoint.size} leaves extends the one of ${result.from} saved in ${since}; saved the new checkpoint\n`)
  if (verifiers.length > 0) process.stdout.write(`cosigned by ${result.cosignedBy.length} of ${verifiers.length} witnesses (${result.cosignedBy.join(', ')}); ${needed} required\n`)
  return 0
}

async function modelFit(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args, allowPositionals: true,
    options: {
      target: { type: 'string' }, 'audit-only': { type: 'string' }, exclude: { type: 'string' }, spec: { type: 'string' }, name: { type: 'string' }, out: { type: 'string' },
      seed: { type: 'string' }, 'min-iv': { type: 'string' }, l2: { type: 'string' }, 'min-share': { type: 'string' }, 'max-bins': { type: 'string' },
      'base-score': { type: 'string' }, 'base-odds': { type: 'string' }, pdo: { type: 'string' }, segment: { type: 'string' }, tune: { type: 'boolean' }, protected: { type: 'string' },
    },
  })
  if (positionals.length !== 1 || !values.target || !values.spec) throw new UsageError('fides model fit DATA.csv --target COLUMN --spec FILE')
  if (values['audit-only'] !== undefined || values.exclude !== undefined) {
    throw new UsageError('--audit-only and --exclude are gone: the spec maps every column, { "protected": ATTRIBUTE } for audit-only, { "ignored": WHY } for a column not read (docs/scoring.md)')
  }
  const file = positionals[0]!
  const number = (flag: string, v: string | undefined) => {
    if (v === undefined) return undefined
    const n = Number(v)
    if (!Number.isFinite(n)) throw new UsageError(`--${flag} must be a number, got "${v}"`)
    return n
  }
  let segment: { column: string; cuts: number[] } | undefined
  if (values.segment !== undefined) {
    const m = /^([^:]+):(.+)$/.exec(values.segment)
    const cuts = m ? m[2]!.split(',').map(Number) : []
    if (!m || cuts.some((c) => !Number.isFinite(c))) throw new UsageError(`--segment is COLUMN:CUT[,CUT...], e.g. PAY_0:0,2; got "${values.segment}"`)
    segment = { column: m[1]!, cuts }
  }
  const started = performance.now()
  try {
    const options: FitOptions = {
      target: values.target, spec: JSON.parse(await readFile(values.spec, 'utf8')) as ModelSpec,
      name: values.name ?? file.replace(/^.*\//, '').replace(/\.csv$/i, ''), protectedList: loadProtectedList(values.protected), source: await readFile(file),
      seed: number('seed', values.seed), minIv: number('min-iv', values['min-iv']), l2: number('l2', values.l2), minShare: number('min-share', values['min-share']),
      maxBins: number('max-bins', values['max-bins']), baseScore: number('base-score', values['base-score']), baseOdds: number('base-odds', values['base-odds']), pdo: number('pdo', values.pdo),
    }
    const table = await readTable(file)
    const tuned = values.tune ? fitTuned(table, { ...options, ...(segment ? { segment } : {}) }) : undefined
    const model: Model = tuned ?? (segment ? fitSegmented(table, { ...options, segment }) : fitScorecard(table, options))
    if (tuned) process.stdout.write(`merge threshold by ${tuned.tuning.folds}-fold CV: ${tuned.tuning.auc.map((a) => `${a.value} → AUC ${a.auc.toFixed(4)}`).join(', ')}; chosen ${tuned.tuning.chosen}\n`)
    const out = values.out ?? `${model.name}.model.json`
    await writeFile(out, modelText(model))
    for (const card of cardsOf(model)) {
      process.stdout.write(`${card.name}: ${card.features.length} features (${card.features.map((f) => `${f.name} IV ${f.iv.toFixed(3)}`).join(', ')}); left out: ${card.excluded.map((e) => `${e.name} (${e.reason.replace('_', ' ')})`).join(', ') || 'none'}\n`)
    }
    process.stdout.write(`${out}: ${model.development.rows} rows in ${((performance.now() - started) / 1000).toFixed(1)} s\n`)
    return 0
  } catch (error) {
    if (!(error instanceof ModelError)) throw error
    process.stderr.write(`fides: ${error.code}: ${error.message}\n`)
    return 1
  }
}

async function modelReport(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { data: { type: 'string' }, compare: { type: 'string' }, cutoff: { type: 'string' }, out: { type: 'string' } } })
  if (positionals.length !== 1 || !values.data) throw new UsageError('fides model report MODEL.json --data SAMPLE.csv [--compare OTHER.csv] [--cutoff SCORE] [--out REPORT.html]')
  const model = JSON.parse(await readFile(positionals[0]!, 'utf8')) as Model
  if (model.format !== 'fides-scorecard/1' && model.format !== 'fides-segmented-scorecard/1') throw new UsageError(`${positionals[0]}: not a fides scorecard model file`)
  const cutoff = values.cutoff === undefined ? undefined : Number(values.cutoff)
  if (cutoff !== undefined && !Number.isFinite(cutoff)) throw new UsageError(`--cutoff must be a score, got "${values.cutoff}"`)
  const report = validate(model, await readTable(values.data), { compare: values.compare ? await readTable(values.compare) : undefined, cutoff })
  const out = values.out ?? `${model.name}.report.html`
  await writeFile(out, reportHtml(model, report))
  const flagged = report.adverseImpact.flatMap((a) => a.groups.filter((g) => g.flagged).map((g) => `${a.column}=${g.group} (${g.ratio.toFixed(2)})`))
  process.stdout.write(`${out}: AUC ${report.auc.toFixed(3)}, Gini ${report.gini.toFixed(3)}, KS ${report.ks.toFixed(3)}${report.stability ? `, PSI ${report.stability.psi.toFixed(3)}` : ''}; adverse impact at cut-off ${report.cutoff}: ${flagged.length > 0 ? `below 0.8 for ${flagged.join(', ')}` : 'no group below 0.8'}\n`)
  return 0
}

async function run(argv: string[]): Promise<number> {
  const [command, sub, ...rest] = argv
  switch (command) {
    case 'serve':
      await import('../server.ts')
      return -1
    case 'demo': {
      if (sub !== 'credentials') throw new UsageError(`unknown: demo ${sub ?? ''}`)
      const config = await loadConfig()
      const file = config.demoCredentialsFile
      const text = file === null ? undefined : await readDemoCredentials(file)
      if (text === undefined) {
        process.stderr.write(`fides: no demo credentials${file ? ` in ${file}` : ' (FIDES_DATA_DIR is :memory:)'}: they are kept there when the demo data is loaded (npm start on an empty embedded database)\n`)
        return 1
      }
      process.stdout.write(text)
      return 0
    }
    case 'db':
      if (sub !== 'migrate') throw new UsageError(`unknown: db ${sub ?? ''}`)
      return withContext(async ({ database }) => {
        process.stdout.write(`migrated (${database.engine})\n`)
        return 0
      })
    case 'catalogue':
      // answered by main.ts, which loads the catalogue module alone
      throw new UsageError('fides catalogue check FILE')
    case 'source': {
      if (sub === 'webhook') {
        const { values } = parseArgs({ args: rest, options: { name: { type: 'string' }, url: { type: 'string' }, remove: { type: 'boolean' } } })
        if ((values.url === undefined) === (values.remove !== true)) throw new UsageError('fides source webhook --name NAME (--url URL | --remove)')
        return withContext(async ({ config, database }) => {
          const { secret } = await setWebhook(database, systemClock, config.keys, operatorOf(config), required(values, 'name'), values.url ?? null)
          process.stdout.write(secret === null ? `webhook of ${values.name} removed\n` : `webhook of ${values.name} set to ${values.url}\nsigning secret (shown once, keep it safe): ${secret}\n`)
          return 0
        })
      }
      if (sub !== 'add') throw new UsageError(`unknown: source ${sub ?? ''}`)
      const { values } = parseArgs({ args: rest, options: { name: { type: 'string' }, 'display-name': { type: 'string' }, type: { type: 'string' }, kinds: { type: 'string' } } })
      const type = required(values, 'type')
      if (!isAgencyType(type)) throw new UsageError(`--type must be one of ${agencyTypes.join(', ')}`)
      return withContext(async ({ config, database, catalogue }) => {
        const { source, apiKey } = await addSource(database, systemClock, operatorOf(config), {
          name: required(values, 'name'), displayName: values['display-name'] ?? required(values, 'name'), agencyType: type,
          allowedKinds: required(values, 'kinds').split(',').map((k) => k.trim()).filter(Boolean),
        }, new Set(catalogue.kinds.keys()))
        process.stdout.write(`source ${source.name} added (${source.isGovernment ? 'government' : 'non-government'} ${source.agencyType}); kinds: ${source.allowedKinds.join(', ')}\n`)
        process.stdout.write(`API key (shown once, keep it safe): ${apiKey}\n`)
        return 0
      })
    }
    case 'relying-party': {
      if (sub !== 'add') throw new UsageError(`unknown: relying-party ${sub ?? ''}`)
      const { values } = parseArgs({ args: rest, options: { name: { type: 'string' }, 'display-name': { type: 'string' }, type: { type: 'string' }, purposes: { type: 'string' } } })
      return withContext(async ({ config, database }) => {
        const { relyingParty, apiKey } = await addRelyingParty(database, systemClock, operatorOf(config), {
          name: required(values, 'name'), displayName: values['display-name'] ?? required(values, 'name'), partyType: required(values, 'type'),
          purposes: required(values, 'purposes').split(',').map((p) => p.trim()).filter(Boolean),
        })
        process.stdout.write(`relying party ${relyingParty.name} added; purposes: ${relyingParty.purposes.join(', ')}\n`)
        process.stdout.write(`API key (shown once, keep it safe): ${apiKey}\n`)
        return 0
      })
    }
    case 'department': {
      if (sub !== 'add') throw new UsageError(`unknown: department ${sub ?? ''}`)
      const { values } = parseArgs({ args: rest, options: { name: { type: 'string' }, 'display-name': { type: 'string' }, domains: { type: 'string' } } })
      return withContext(async ({ config, database }) => {
        const { department, apiKey } = await addDepartment(database, systemClock, operatorOf(config), {
          name: required(values, 'name'), displayName: values['display-name'] ?? required(values, 'name'),
          domains: required(values, 'domains').split(',').map((d) => d.trim()).filter(Boolean),
        })
        process.stdout.write(`department ${department.name} added; domains: ${department.domains.join(', ')}\n`)
        process.stdout.write(`API key (shown once, keep it safe): ${apiKey}\n`)
        return 0
      })
    }
    case 'log': {
      const { values } = parseArgs({ args: rest, options: { remote: { type: 'string' }, key: { type: 'string' }, since: { type: 'string' }, witness: { type: 'string', multiple: true }, threshold: { type: 'string' } } })
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
            process.stdout.write(s.ok ? `witness ${s.witness}: cosigned ${s.size} leaves\n` : `witness ${s.witness}: NOT cosigned: ${s.reason}\n`)
          }
          return 0
        })
      }
      if (sub !== 'verify') throw new UsageError(`unknown: log ${sub ?? ''}`)
      if (values.remote !== undefined) return verifyRemoteLog(values.remote, required(values, 'key'), required(values, 'since'), values.witness ?? [], values.threshold)
      return withContext(async ({ config, database }) => {
        const identity = logIdentity(config.log)
        const outside = await outsideCopies(config, verifierOf(identity.key))
        let progress: Progress | undefined
        const verified = await verifyLog(database, verifierOf(identity.key), (done, total) => {
          progress ??= createProgress({ label: 'verifying the log', total, unit: 'leaves' })
          progress.update(done)
        }, outside.copies)
        progress?.finish()
        const report = { ...verified, problems: [...verified.problems, ...outside.problems.map((p): LogProblem => ({ kind: 'copy_unavailable', ...p }))] }
        if (report.problems.length === 0) {
          process.stdout.write(`the log holds: ${report.size} leaves recomputed from their events, ${report.checkpoints} signed checkpoints verified, ${outside.copies.length} checkpoints kept outside the database agree; root ${report.root.toString('base64')}\n`)
        } else {
          process.stdout.write(`the log does NOT hold: ${report.problems.length} problem(s), the first at ${describeProblem(report.problems[0]!)}\n`)
          for (const p of report.problems.slice(0, 50)) process.stdout.write(`  ${describeProblem(p)}\n`)
        }
        // then the state tables against the events the log holds
        let stateProgress: Progress | undefined
        let first = true
        const state = await verifyState(database, {
          onProgress: (done, total) => { (stateProgress ??= createProgress({ label: 'checking the state tables', total, unit: 'ranges' })).update(done) },
          onFinding: (f) => {
            if (first) process.stdout.write('the state tables do NOT agree with the audit trail:\n')
            first = false
            process.stdout.write(`  ${f.table} ${f.id}: ${f.detail}\n`)
          },
        })
        stateProgress?.finish()
        const { checked } = state
        const counts = `${checked.list_entries} list entries, ${checked.consents} consents, ${checked.objections} objections, ${checked.subject_accounts} subject accounts`
        process.stdout.write(state.findings === 0
          ? `the state tables agree with the audit trail: ${counts} recomputed from their events\n`
          : `${state.findings} row(s) of ${counts} disagree with their events\n`)
        return report.problems.length === 0 && state.findings === 0 ? 0 : 1
      })
    }
    case 'account': {
      if (sub !== 'add') throw new UsageError(`unknown: account ${sub ?? ''}`)
      const { values } = parseArgs({ args: rest, options: { role: { type: 'string' }, username: { type: 'string' }, 'display-name': { type: 'string' }, source: { type: 'string' }, 'relying-party': { type: 'string' } } })
      const role = required(values, 'role')
      if (role !== 'officer' && role !== 'auditor' && role !== 'source' && role !== 'relying_party') throw new UsageError('--role officer|auditor|source|relying_party (subjects register themselves)')
      if ((role === 'source') !== (values.source !== undefined)) throw new UsageError('--source NAME goes with --role source, and only with it')
      if ((role === 'relying_party') !== (values['relying-party'] !== undefined)) throw new UsageError('--relying-party NAME goes with --role relying_party, and only with it')
      return withContext(async ({ config, database }) => {
        const username = required(values, 'username')
        const displayName = values['display-name'] ?? username
        const { password } = await createStaffAccount(database, systemClock, operatorOf(config), role === 'source' ? { username, displayName, role, sourceName: values.source! } : role === 'relying_party' ? { username, displayName, role, relyingPartyName: values['relying-party']! } : { username, displayName, role })
        process.stdout.write(`${role} account ${username} created; password (shown once, keep it safe): ${password}\n`)
        return 0
      })
    }
    case 'key': {
      if (sub !== 'add') throw new UsageError(`unknown: key ${sub ?? ''}`)
      const { values } = parseArgs({ args: rest, options: { role: { type: 'string' }, label: { type: 'string' } } })
      if (required(values, 'role') !== 'officer') throw new UsageError('--role officer (source keys come with `fides source add`)')
      return withContext(async ({ config, database }) => {
        const { apiKey } = await issueOfficerKey(database, systemClock, operatorOf(config), required(values, 'label'))
        process.stdout.write(`officer API key (shown once, keep it safe): ${apiKey}\n`)
        return 0
      })
    }
    case 'maintain': {
      const { values } = parseArgs({ args: argv.slice(1), options: { 'batch-size': { type: 'string' }, 'no-progress': { type: 'boolean' } } })
      const batchSize = values['batch-size'] === undefined ? undefined : Number(values['batch-size'])
      if (batchSize !== undefined && !(Number.isInteger(batchSize) && batchSize > 0)) throw new UsageError('--batch-size must be a positive integer')
      return withContext(async ({ config, database, catalogue }) => {
        let progress: Progress | undefined
        const lists = await loadLists(new Set(catalogue.kinds.keys()), { listCatalogue: config.listCatalogueFile, holidays: config.holidaysFile })
        const report = await runMaintenance({ database, clock: systemClock, catalogue, lists: { ...lists, keys: config.keys }, onRecordsLapsed: endEntriesOnLapsedBasis(lists) }, {
          ...(batchSize ? { batchSize } : {}),
          ...(values['no-progress'] ? {} : {
            onProgress: (phase: string, done: number, total: number) => {
              if (phase !== 'records') return
              progress ??= createProgress({ label: 'maintenance pass', total, unit: 'ranges' })
              progress.update(done)
            },
          }),
        })
        progress?.finish()
        process.stdout.write(JSON.stringify({ ...report, seconds: Number(report.seconds.toFixed(2)) }) + '\n')
        return 0
      })
    }
    case 'import': {
      const { values, positionals } = parseArgs({ args: argv.slice(1), allowPositionals: true, options: { source: { type: 'string' }, format: { type: 'string' }, rejects: { type: 'string' }, 'chunk-size': { type: 'string' }, 'no-progress': { type: 'boolean' }, 'progress-interval': { type: 'string' } } })
      if (positionals.length !== 1) throw new UsageError('fides import FILE --source NAME')
      const format = values.format
      if (format !== undefined && format !== 'csv' && format !== 'ndjson') throw new UsageError('--format csv|ndjson')
      return withContext(async (ctx) => {
        const source = await getSourceByName(ctx.database, required(values, 'source'))
        const principal = { sourceId: source.sourceId, name: source.name, isGovernment: source.isGovernment, allowedKinds: new Set(source.allowedKinds) }
        // a new version whose decision no longer stands ends the list entries resting on it
        const lists = await loadLists(new Set(ctx.catalogue.kinds.keys()), { listCatalogue: ctx.config.listCatalogueFile, holidays: ctx.config.holidaysFile })
        const report = await importFile({ database: ctx.database, clock: systemClock, keys: ctx.config.keys, catalogue: ctx.catalogue, onRecordsLapsed: endEntriesOnLapsedBasis(lists) }, principal, { type: 'source', id: source.name }, positionals[0]!, {
          ...(format ? { format: format as ImportFormat } : {}),
          ...(values.rejects ? { rejectsPath: values.rejects } : {}),
          ...(values['chunk-size'] ? { chunkSize: Number(values['chunk-size']) } : {}),
          progress: !values['no-progress'],
          ...(values['progress-interval'] ? { progressIntervalMs: Number(values['progress-interval']) * 1000 } : {}),
        })
        await afterBulkLoad(ctx.database)
        const { rejectsPath, seconds, ...counts } = report
        process.stdout.write(JSON.stringify({ ...counts, seconds: Number(seconds.toFixed(2)), rejectsFile: rejectsPath, peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024) }) + '\n')
        return report.rejected > 0 ? 2 : 0
      })
    }
    case 'ratings': {
      if (sub !== 'recompute') throw new UsageError(`unknown: ratings ${sub ?? ''}`)
      const { values } = parseArgs({ args: rest, options: { 'no-progress': { type: 'boolean' } } })
      return withContext(async ({ config, database, catalogue }) => {
        const rating = ratingContextOf(await loadRatingModel(config.ratingModelFile, new Set(catalogue.kinds.keys())))
        let progress: Progress | undefined
        const report = await recomputeAll({ database, clock: systemClock, catalogue, rating }, values['no-progress'] ? {} : {
          onProgress: (done, total, r) => {
            progress ??= createProgress({ label: `rating (${rating.model.code} ${rating.model.version})`, total, unit: 'ranges' })
            progress.update(done, `${r.subjects} organisations, ${r.changed} changed`)
          },
        })
        progress?.finish()
        process.stdout.write(JSON.stringify({ model: rating.model.code, version: rating.model.version, ...report, seconds: Number(report.seconds.toFixed(2)) }) + '\n')
        return 0
      })
    }
    case 'witness':
      if (sub !== 'serve') throw new UsageError(`unknown: witness ${sub ?? ''}`)
      return witnessServe(rest)
    case 'model': {
      if (sub === 'report') return modelReport(rest)
      if (sub !== 'fit') throw new UsageError(`unknown: model ${sub ?? ''}`)
      return modelFit(rest)
    }
    case undefined:
    case 'help':
    case '--help':
      process.stdout.write(usage + '\n')
      return 0
    default:
      throw new UsageError(`unknown command: ${command}`)
  }
}

try {
  const code = await run(process.argv.slice(2))
  if (code >= 0) process.exitCode = code
} catch (error) {
  if (error instanceof UsageError) {
    process.stderr.write(`fides: ${error.message}\n${usage}\n`)
    process.exitCode = 64
  } else if (error instanceof ConfigError) {
    process.stderr.write(`fides: invalid configuration: ${error.message}\n`)
    process.exitCode = 78
  } else if (error instanceof AppError) {
    process.stderr.write(`fides: ${error.code}: ${error.message}\n`)
    process.exitCode = 1
  } else {
    throw error
  }
}
