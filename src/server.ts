/**
 * Starts Fides: configuration, database, migrations, catalogue, demo data on an empty embedded
 * database, then the HTTP server. `npm start` runs this.
 */
import { loadConfig, ConfigError } from './config.ts'
import { buildApp } from './app.ts'
import { openDatabase, type Database } from './db/database.ts'
import { migrateToLatest } from './db/migrator.ts'
import { systemClock } from './platform/clock.ts'
import { activateCatalogue } from './modules/catalogue/index.ts'
import { seedDemo } from './demo/seed.ts'
import { logIdentity, parseCosignerVerifierKey, startLogThread, startLogWorker, verifierKey } from './modules/transparency/index.ts'
import { startMaintenanceWorker } from './modules/retention/index.ts'
import { endEntriesOnLapsedBasis, loadLists } from './modules/lists/index.ts'
import { loadRatingModel, ratingContextOf, ratingTick } from './modules/ratings/index.ts'
import { startPeriodic } from './platform/periodic.ts'
import { IMPORT_STALE_MS, recoverImports } from './modules/imports/index.ts'

async function main(): Promise<void> {
  let config
  try {
    config = await loadConfig()
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`Fides cannot start: invalid configuration: ${error.message}\n`)
      process.exit(78)
    }
    throw error
  }
  const database: Database = await openDatabase(config.database)
  await migrateToLatest(database)
  const catalogue = await activateCatalogue(database, systemClock, config.catalogueFile)
  const lists = await loadLists(new Set(catalogue.kinds.keys()), { listCatalogue: config.listCatalogueFile, holidays: config.holidaysFile })
  if (config.seedDemo) {
    const demo = await seedDemo({ database, clock: systemClock, keys: config.keys, catalogue, lists })
    if (demo) {
      process.stderr.write([
        '',
        'Demo data loaded: ' + `${demo.organisations} organisations, ${demo.persons} persons, ${demo.records} records from ${demo.sources.length} sources.`,
        'Demo credentials (printed once; stored only as hashes):',
        `  officer key: ${demo.officerKey}`,
        ...demo.sources.map((s) => `  source ${s.name.padEnd(26)} ${s.apiKey}`),
        ...demo.relyingParties.map((r) => `  relying party ${r.name.padEnd(19)} ${r.apiKey}`),
        ...demo.departments.map((d) => `  department ${d.name.padEnd(22)} ${d.apiKey}`),
        ...demo.accounts.map((a) => `  sign-in (${a.role}) ${a.username} / ${a.password}`),
        'Try:',
        `  curl http://localhost:${config.port}/v1/public/subjects/${demo.sampleSubjectId}`,
        `  curl -H "Authorization: Bearer ${demo.officerKey}" http://localhost:${config.port}/v1/subjects/${demo.sampleSubjectId}/file`,
        `  curl -H "Authorization: Bearer ${demo.relyingParties[0]!.apiKey}" "http://localhost:${config.port}/v1/reports/${demo.samplePersonId}?purpose=credit_application"`,
        ...demo.departments.map((d) => `  curl -H "Authorization: Bearer ${d.apiKey}" "http://localhost:${config.port}/v1/checks?subject=${demo.sampleSubjectId}&domain=high_consumption"`),
        `  curl http://localhost:${config.port}/v1/statistics`,
        `  curl http://localhost:${config.port}/v1/models   (the published scorecard ${demo.scoreModel.name}: POST /v1/scores with ${demo.scoreModel.inputs.join(', ')})`,
        `  curl http://localhost:${config.port}/v1/public/subjects/${demo.sampleSubjectId}/rating   (organisations are rated within seconds of start)`,
        '',
      ].join('\n') + '\n')
    }
  }
  const rating = ratingContextOf(await loadRatingModel(config.ratingModelFile, new Set(catalogue.kinds.keys())))
  const app = await buildApp({ config, database, clock: systemClock, catalogue, lists, rating })
  // audit events reach the transparency log within an interval; checkpoints are signed as it grows
  const log = logIdentity(config.log)
  // with PostgreSQL the sequencer hashes in a thread of its own, off the API's event loop
  const onLogError = (error: unknown) => app.log.error({ err: error }, 'transparency log tick failed')
  const logWorker = config.database.kind === 'postgres'
    ? startLogThread({ url: config.database.url, origin: config.log.origin, signingSeed: config.log.signingSeed, intervalMs: config.log.intervalMs, checkpointFile: config.log.checkpointFile, witnesses: config.log.witnesses, onError: onLogError })
    : startLogWorker(database, systemClock, log, {
      intervalMs: config.log.intervalMs, checkpointFile: config.log.checkpointFile, onError: onLogError,
      witnesses: config.log.witnesses.map((w) => ({ url: w.url, verifier: parseCosignerVerifierKey(w.verifierKey) })),
    })
  // retention and overdue objections hourly, webhooks every few seconds
  const maintenance = startMaintenanceWorker({ database, clock: systemClock, catalogue, keys: config.keys, lists: { ...lists, keys: config.keys }, onRecordsLapsed: endEntriesOnLapsedBasis(lists) }, {
    intervalMs: config.maintenance.intervalMs, webhookIntervalMs: config.maintenance.webhookIntervalMs,
    onError: (error) => app.log.error({ err: error }, 'maintenance failed'),
    onPass: (r) => { if (r.takenDown + r.erased + r.objectionsOverdue + r.lapsed + r.entriesExpired + r.entriesAnnulled > 0) app.log.info({ maintenance: r }, 'maintenance pass') },
  })
  // organisations are re-rated as their records change, and all of them once a day (points fade)
  const ratings = config.ratingIntervalMs > 0
    ? startPeriodic(() => ratingTick({ database, clock: systemClock, catalogue, rating }).then((r) => {
      if (r.failed > 0) app.log.warn({ organisationsNotRated: r.failed }, 'ratings: some organisations could not be rated; kept as they were, the next full pass tries again')
    }), { intervalMs: config.ratingIntervalMs, onError: (error) => app.log.error({ err: error }, 'rating tick failed') })
    : { stop: async () => {} }
  // imports whose process died (a crash, a kill): resumed from their sealed spool files or stored as interrupted,
  // then spool files no running job owns deleted; at start, and again as other jobs' heartbeats lapse
  const imports = startPeriodic(() => recoverImports({ database, clock: systemClock, catalogue, keys: config.keys, onRecordsLapsed: endEntriesOnLapsedBasis(lists), spoolDir: config.spoolDir }).then((r) => {
    if (r.resumed.length + r.interrupted.length + r.swept > 0) app.log.warn({ importsResumed: r.resumed, importsInterrupted: r.interrupted, spoolFilesDeleted: r.swept }, 'imports recovered after a stop')
  }), { intervalMs: IMPORT_STALE_MS / 2, onError: (error) => app.log.error({ err: error }, 'import recovery failed') })
  const shutdown = async () => {
    await imports.stop()
    await app.close()
    await ratings.stop()
    await maintenance.stop()
    await logWorker.stop()
    await database.close()
    process.exit(0)
  }
  process.once('SIGINT', () => void shutdown())
  process.once('SIGTERM', () => void shutdown())
  await app.listen({ host: config.host, port: config.port })
  process.stderr.write(`Fides is running on http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port} (API docs at /docs, database: ${database.engine})\n`)
  process.stderr.write(`Transparency log ${config.log.origin}: checkpoint at /v1/log/checkpoint, verifier key ${verifierKey(log.key)}\n`)
}

await main()
