import type { FastifyPluginAsync } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { type Static, Type } from 'typebox'
import { AppError } from '../../platform/app-error.ts'
import type { Clock } from '../../platform/clock.ts'
import type { Keys } from '../../platform/crypto.ts'
import type { Database } from '../../db/database.ts'
import { BODY_LIMIT_SMALL, requireRole } from '../../platform/http.ts'
import { actorOf } from '../../platform/principal.ts'
import { problemResponses } from '../../platform/problem-schema.ts'
import {
  findSubjectSummary,
  getSubjectSummary,
  type SubjectSummary,
  recordPersonLookup,
  registerSubject,
  searchOrganisations,
} from './subjects.service.ts'
import { readSubjectIdentity, subjectIdOf } from './subjects.ts'
import {
  SEARCH_PAGE,
  SearchQuerySchema,
  SearchResultsSchema,
  SubjectLookupSchema,
  SubjectRegistrationSchema,
} from './subjects.schemas.ts'
import { subjectsPolicy } from './subjects.policy.ts'

/**
 * `summaryForSource`: the summary a source may read (the records module knows what it submitted): a
 * person's only if it holds a record about them, else `subject.not_found` as for an unknown id.
 */
export function subjectRoutes(ctx: {
  database: Database
  keys: Keys
  clock: Clock
  summaryForSource: (subjectId: string, sourceId: string) => Promise<SubjectSummary>
  /** the public grades of these organisations (the ratings module's, where its model discloses them) */
  publicGrades?: (subjectIds: readonly string[]) => Promise<ReadonlyMap<string, string>>
}): FastifyPluginAsync {
  return async (plain) => {
    const app = plain.withTypeProvider<TypeBoxTypeProvider>()
    app.get(
      '/v1/subjects/:subjectId',
      {
        config: { policy: subjectsPolicy.read },
        schema: {
          tags: ['subjects'],
          summary: 'A subject, identifiers masked (a source: a person only if it holds a record about them)',
          params: Type.Object({ subjectId: Type.String({ format: 'uuid' }) }),
          response: { 200: Type.Ref('SubjectSummary'), ...problemResponses },
        },
      },
      async (request) => {
        const principal = requireRole(request, ...subjectsPolicy.read)
        if (principal.role === 'source')
          return ctx.summaryForSource(request.params.subjectId, principal.source.sourceId)
        return getSubjectSummary(ctx.database, ctx.keys, request.params.subjectId)
      },
    )

    const search = async (asked: Static<typeof SearchQuerySchema>) => {
      const found = await searchOrganisations(ctx.database, asked.q, {
        size: asked.limit ?? SEARCH_PAGE,
        page: asked.page ?? 1,
      })
      const grades = ctx.publicGrades ? await ctx.publicGrades(found.results.map((r) => r.subjectId)) : new Map()
      return { ...found, results: found.results.map((r) => ({ ...r, grade: grades.get(r.subjectId) ?? null })) }
    }
    // POST with the query in the body is the way to search: a USCC or anything else typed stays out of
    // URLs and access logs. GET remains for existing clients; its URL is redacted in the log.
    const searchSchema = {
      tags: ['public'],
      description:
        'Natural persons are never found: they have no public file. A page of `limit` results (20 unless given), best first: names starting with the words, then holding them (or, for Latin letters, pinyin starting with them, initials starting with them, pinyin holding them), then names alike; `total` counts the matches (up to a cap, then `totalCapped`), `more` says there are others after this page.',
      response: { 200: SearchResultsSchema, ...problemResponses },
    }
    app.post(
      '/v1/public/search',
      {
        bodyLimit: BODY_LIMIT_SMALL,
        config: { policy: subjectsPolicy.search },
        schema: {
          ...searchSchema,
          summary:
            'Find organisations and public bodies by name (part of it, Chinese or Latin, forgiving small errors) or by USCC',
          body: SearchQuerySchema,
        },
      },
      async (request) => search(request.body),
    )
    app.get(
      '/v1/public/search',
      {
        config: { policy: subjectsPolicy.search },
        schema: {
          ...searchSchema,
          summary: 'The same search with the query in the URL (kept for existing clients; prefer POST)',
          querystring: SearchQuerySchema,
        },
      },
      async (request) => search(request.query),
    )

    app.post(
      '/v1/subjects',
      {
        bodyLimit: BODY_LIMIT_SMALL,
        config: { policy: subjectsPolicy.register },
        // checked by the same reader as records' subjects, so the codes and pointers are the same
        validatorCompiler: () => () => true,
        schema: {
          tags: ['subjects'],
          summary:
            'Register a subject explicitly (it is also registered by its first record); a person only by an officer',
          body: SubjectRegistrationSchema,
          response: { 200: Type.Ref('SubjectSummary'), 201: Type.Ref('SubjectSummary'), ...problemResponses },
        },
      },
      async (request, reply) => {
        const principal = requireRole(request, ...subjectsPolicy.register)
        const mayFlag = principal.role === 'officer' || principal.source.isGovernment
        const identity = readSubjectIdentity(request.body, '', { today: ctx.clock.now(), mayFlag })
        if (identity instanceof AppError) throw identity
        // 201 or 200 would tell a source whether anyone holds data on this person: as with lookups,
        // only an officer registers a person explicitly (a source's persons come with its records).
        if (identity.kind === 'person' && principal.role !== 'officer') {
          throw new AppError(
            'auth.forbidden',
            'only a credit officer registers a person explicitly; a source registers a person by submitting a record',
            [{ pointer: '/residentId', detail: 'officers only' }],
          )
        }
        const { subject, created } = await registerSubject(
          ctx.database,
          ctx.keys,
          ctx.clock.now(),
          actorOf(principal),
          identity,
        )
        return reply.status(created ? 201 : 200).send(subject)
      },
    )

    // A POST, so that an identity number never appears in a URL or an access log.
    app.post(
      '/v1/subjects/lookup',
      {
        bodyLimit: BODY_LIMIT_SMALL,
        config: { policy: subjectsPolicy.lookup },
        schema: {
          tags: ['subjects'],
          summary: 'Find a subject by USCC, or (officers only, and the person sees it) by resident identity number',
          body: SubjectLookupSchema,
          response: { 200: Type.Ref('SubjectSummary'), ...problemResponses },
        },
      },
      async (request) => {
        const principal = requireRole(request, ...subjectsPolicy.lookup)
        const identity = readSubjectIdentity({ ...request.body, name: 'lookup' }, '', {
          today: ctx.clock.now(),
          mayFlag: true,
        })
        if (identity instanceof AppError) throw identity
        // Whether a person is in Fides at all is information about that person: only an officer may ask,
        // and the person sees that they did. Organisations' codes are public registry data.
        if (identity.kind === 'person' && principal.role !== 'officer') {
          throw new AppError(
            'auth.forbidden',
            'only a credit officer may look a person up; sources find their subjects in the results of their submissions',
            [{ pointer: '/residentId', detail: 'officers only' }],
          )
        }
        const subjectId = subjectIdOf(ctx.keys.index, identity)
        if (identity.kind === 'person')
          await recordPersonLookup(ctx.database, ctx.clock.now(), actorOf(principal), subjectId)
        const summary = await findSubjectSummary(ctx.database, ctx.keys, subjectId)
        if (!summary)
          throw new AppError('subject.not_found', 'no subject with that identifier is registered', [
            { pointer: '', detail: 'unknown subject' },
          ])
        return summary
      },
    )
  }
}
