/**
 * Builds the Fastify app: external plugins, then app plugins (errors, authentication), then each
 * module's routes. No port is opened here: tests call `app.inject()`; server.ts listens.
 */
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify'
import helmet from '@fastify/helmet'
import rateLimit from '@fastify/rate-limit'
import { AppError } from './platform/app-error.ts'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { Config } from './config.ts'
import type { Database } from './db/database.ts'
import type { Clock } from './platform/clock.ts'
import {
  registerAuthentication,
  registerExactJson,
  registerInternalCalls,
  registerProblemHandler,
} from './platform/http.ts'
import { loggerOptions } from './platform/logging.ts'
import { cachedAuthenticate } from './platform/principal.ts'
import { ProblemSchema } from './platform/problem-schema.ts'
import { openApiOptions, registerOpenApiOperations } from './platform/openapi.ts'
import type { ActiveCatalogue } from './modules/catalogue/index.ts'
import { authenticateApiKey } from './modules/sources/index.ts'
import { accessRoutes, accountsRoutes, authenticateSession } from './modules/access/index.ts'
import cookie from '@fastify/cookie'
import { catalogueRoutes } from './modules/catalogue/index.ts'
import { EXPORT_STYLE_HASH, getSubjectSummaryForSource, recordRoutes } from './modules/records/index.ts'
import { SubjectSummarySchema, subjectRoutes } from './modules/subjects/index.ts'
import { logIdentity, logPositions, transparencyRoutes } from './modules/transparency/index.ts'
import { listOwnObjections, objectionRoutes } from './modules/objections/index.ts'
import { importRoutes } from './modules/imports/index.ts'
import { evidenceRoutes } from './modules/evidence/index.ts'
import { statisticsRoutes } from './modules/statistics/index.ts'
import {
  activateListCatalogue,
  endEntriesOnLapsedBasis,
  listCatalogueVersions,
  listOwnEntries,
  listPublicEntries,
  listRoutes,
  loadLists,
  type Lists,
} from './modules/lists/index.ts'
import { listOwnRepairs, repairRoutes } from './modules/repair/index.ts'
import { noticesRoutes } from './modules/notices/index.ts'
import { loadProtectedList, scoringRoutes } from './modules/scoring/index.ts'
import { integrityRoutes } from './modules/integrity/index.ts'
import { portalRoutes } from './portal/portal.routes.ts'
import { publicListsRoutes } from './portal/public-lists.ts'
import { publicModelRoutes } from './portal/public-models.ts'
import { helpRoutes } from './portal/help.ts'
import { PAGE_STYLE_HASH } from './portal/layout.ts'
import { isPolicedPage, pageSecurityPolicy } from './platform/csp.ts'
import { selfServiceRoutes } from './portal/self-service.ts'
import { officerRoutes } from './portal/officer.ts'
import { sourceRoutes } from './portal/source.ts'
import { relyingPartyRoutes } from './portal/relying-party.ts'
import { cataloguePageRoutes } from './portal/catalogue.ts'
import { officerWorkRoutes } from './portal/officer-work.ts'
import { officerAccountsRoutes } from './portal/officer-accounts.ts'
import { auditorRoutes } from './portal/auditor.ts'
import {
  findRating,
  loadRatingModel,
  publicGrade,
  publicGrades,
  ratingContextOf,
  ratingsRoutes,
  type RatingsContext,
} from './modules/ratings/index.ts'

export interface AppContext {
  config: Readonly<Config>
  database: Database
  clock: Clock
  catalogue: ActiveCatalogue
  /** the list catalogue and working-day calendar; loaded from the configured files when absent */
  lists?: Lists
  /** the enterprise rating model; loaded from the configured file when absent */
  rating?: RatingsContext['rating']
}

export type App = FastifyInstance

/** Rate limits count per API key (its public id, never the secret), or per client address without one. */
function rateLimitKey(request: FastifyRequest): string {
  const keyId = /^Bearer\s+fides_([A-Za-z0-9]{16})_/i.exec(request.headers.authorization ?? '')?.[1]
  return keyId ? `key:${keyId}` : `ip:${request.ip}`
}

export async function buildApp(
  ctx: AppContext,
  options: { logger?: boolean; logStream?: NodeJS.WritableStream } = {},
): Promise<App> {
  const logging = options.logger !== false && ctx.config.logLevel !== 'silent'
  const app = Fastify({
    // identifier-shaped text is redacted from every logged URL, error and message (platform/logging.ts)
    logger: logging && ctx.config.logLevel !== 'silent' ? loggerOptions(ctx.config.logLevel, options.logStream) : false,
    bodyLimit: 32 * 1024 * 1024,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', allErrors: true } },
    // request.ip (rate limits, sign-in throttles): the connection's address, or what a listed proxy says it forwards for
    trustProxy: ctx.config.trustProxy.length === 0 ? false : ctx.config.trustProxy.join(','),
  }).withTypeProvider<TypeBoxTypeProvider>()
  const internalCalls = registerInternalCalls(app)
  registerExactJson(app)

  await app.register(swagger, openApiOptions())
  await app.register(swaggerUi, { routePrefix: '/docs' })
  registerOpenApiOperations(app)
  // Security headers; the content security policy is the pages' own (platform/csp.ts), set on every HTML page below
  await app.register(helmet, { contentSecurityPolicy: false })
  const pagePolicy = pageSecurityPolicy([PAGE_STYLE_HASH, EXPORT_STYLE_HASH])
  app.addHook('onSend', async (request, reply, payload) => {
    if (isPolicedPage(request.url, reply.getHeader('content-type'))) reply.header('content-security-policy', pagePolicy)
    return payload
  })
  await app.register(rateLimit, {
    max: ctx.config.rateLimitPerMinute,
    timeWindow: 60_000,
    keyGenerator: rateLimitKey,
    // the portal's own calls to the API, made while serving a visitor's page that was counted already
    allowList: (request) => internalCalls.isInternalCall(request),
    errorResponseBuilder: (_request, context) =>
      new AppError(
        'request.rate_limited',
        `more than ${context.max} requests a minute; try again in ${Math.ceil(context.ttl / 1000)} s`,
      ),
  })
  // Schemas referenced across modules are registered here, at the root, so every plugin sees them.
  app.addSchema(ProblemSchema)
  app.addSchema(SubjectSummarySchema)

  registerProblemHandler(app)
  await app.register(cookie)
  // API keys are looked up at most every 10 s each (there is no revocation route yet; when there is, it clears this)
  const apiKeys = cachedAuthenticate((token) => authenticateApiKey(ctx.database, token), { ttlMs: 10_000, max: 10_000 })
  registerAuthentication(app, apiKeys, (token) => authenticateSession(ctx.database, ctx.clock, token))

  app.get('/health', { schema: { hide: true }, config: { policy: 'public' } }, async () => ({
    status: 'ok',
    database: ctx.database.engine,
    catalogueVersion: ctx.catalogue.version,
  }))
  const lists =
    ctx.lists ??
    (await loadLists(new Set(ctx.catalogue.kinds.keys()), {
      listCatalogue: ctx.config.listCatalogueFile,
      holidays: ctx.config.holidaysFile,
    }))
  await activateListCatalogue(ctx.database, ctx.clock, lists.lists)
  // a record that stops holding (withdrawn, corrected on objection, revoked, erased) ends the list entries resting on it
  const records = {
    database: ctx.database,
    clock: ctx.clock,
    keys: ctx.config.keys,
    catalogue: ctx.catalogue,
    onRecordsLapsed: endEntriesOnLapsedBasis(lists),
  }
  await app.register(
    subjectRoutes({
      ...records,
      summaryForSource: (subjectId, sourceId) => getSubjectSummaryForSource(records, subjectId, sourceId),
      // the grades on a page of public search (the rating model is loaded below, before any request)
      publicGrades: (subjectIds) => publicGrades({ ...records, rating }, subjectIds),
    }),
  )
  await app.register(accessRoutes(records))
  await app.register(accountsRoutes(records))
  await app.register(objectionRoutes(records))
  const listsContext = { ...records, ...lists }
  // the catalogue's history names the list catalogue's versions and the log's leaves, which those modules own
  await app.register(
    catalogueRoutes({
      database: ctx.database,
      active: ctx.catalogue,
      lists: lists.lists,
      listVersions: {
        list: () => listCatalogueVersions.list(ctx.database),
        find: (version) => listCatalogueVersions.find(ctx.database, version),
      },
      logPositions: (seqs) => logPositions(ctx.database, seqs),
    }),
  )
  await app.register(listRoutes(listsContext))
  await app.register(statisticsRoutes(listsContext))
  await app.register(repairRoutes(listsContext))
  const rating =
    ctx.rating ??
    ratingContextOf(await loadRatingModel(ctx.config.ratingModelFile, new Set(ctx.catalogue.kinds.keys())))
  // the export holds what the other modules keep on the subject too; they build on records, so they are wired in here
  const ownHoldings = async (subjectId: string) => ({
    objections: (await listOwnObjections(records, subjectId)).map((o) => ({
      objectionId: o.objectionId,
      filedAt: o.filedAt,
      recordId: o.target.id,
      kind: o.target.kind,
      status: o.status,
      dueOn: o.dueOn,
      reasons: o.reasons ?? '',
      statement: o.statement ?? null,
    })),
    listEntries: (await listOwnEntries(listsContext, subjectId)).map((e) => ({
      entryId: e.entryId,
      listName: `${e.listName.zh} ${e.listName.en}`,
      status: e.status,
      proposedOn: e.proposedOn,
      startsOn: e.startsOn,
      endsOn: e.endsOn,
      objectionWindowEndsOn: e.objectionWindowEndsOn,
    })),
    repairs: (await listOwnRepairs(listsContext, subjectId)).map((r) => ({
      applicationId: r.applicationId,
      target: `${r.target.type} ${r.target.kind}`,
      status: r.status,
      appliedOn: r.appliedOn,
      feedbackDueOn: r.feedbackDueOn,
      decisionDueOn: r.decisionDueOn,
      decidedOn: r.decidedOn,
    })),
    ratings: await findRating({ ...records, rating }, subjectId).then((r) =>
      r
        ? [
            {
              model: `${r.model.code} ${r.model.version}`,
              ratedOn: r.ratedOn,
              score: r.score,
              grade: r.grade,
              inspectionTier: r.inspection.tier,
              reasons: r.reasons.map((x) => ({ text: `${x.text.zh} ${x.text.en}`, points: x.points })),
            },
          ]
        : [],
    ),
  })
  const publicHoldings = async (subjectId: string) => {
    const [listEntries, grade] = await Promise.all([
      listPublicEntries(listsContext, subjectId),
      publicGrade({ ...records, rating }, subjectId),
    ])
    return { listEntries, rating: grade }
  }
  await app.register(recordRoutes({ ...records, batchLimit: ctx.config.batchLimit, ownHoldings, publicHoldings }))

  await app.register(noticesRoutes(records))
  await app.register(evidenceRoutes(records))
  await app.register(
    importRoutes({ ...records, uploadMaxBytes: ctx.config.uploadMaxBytes, spoolDir: ctx.config.spoolDir }),
  )
  await app.register(scoringRoutes({ ...records, protectedList: loadProtectedList(ctx.config.protectedFeaturesFile) }))
  await app.register(ratingsRoutes({ ...records, rating }))
  await app.register(transparencyRoutes({ database: ctx.database, log: logIdentity(ctx.config.log) }))
  await app.register(integrityRoutes({ database: ctx.database }))
  // the portal: pages built from the public API above, called in-process
  await app.register(portalRoutes(() => app))
  await app.register(publicListsRoutes(() => app))
  await app.register(publicModelRoutes(() => app))
  await app.register(helpRoutes(() => app))
  await app.register(selfServiceRoutes(() => app))
  await app.register(officerRoutes(() => app))
  await app.register(officerWorkRoutes(() => app))
  await app.register(officerAccountsRoutes(() => app))
  await app.register(auditorRoutes(() => app))
  await app.register(sourceRoutes(() => app))
  await app.register(relyingPartyRoutes(() => app))
  await app.register(cataloguePageRoutes(() => app))
  return app
}
