import type { FastifyPluginAsync } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { AppError } from '../../platform/app-error.ts'
import type { Clock } from '../../platform/clock.ts'
import type { Keys } from '../../platform/crypto.ts'
import type { Database } from '../../db/database.ts'
import { requireRole } from '../../platform/http.ts'
import { problemResponses } from '../../platform/problem-schema.ts'
import { findSubjectSummary, getSubjectSummary } from './subjects.service.ts'
import { readSubjectIdentity, subjectIdOf } from './subjects.ts'
import { SubjectLookupSchema } from './subjects.schemas.ts'

export function subjectRoutes(ctx: { database: Database; keys: Keys; clock: Clock }): FastifyPluginAsync {
  return async (plain) => {
    const app = plain.withTypeProvider<TypeBoxTypeProvider>()
    app.get('/v1/subjects/:subjectId', {
      schema: {
        tags: ['subjects'], summary: 'A subject, identifiers masked', security: [{ apiKey: [] }],
        params: Type.Object({ subjectId: Type.String({ format: 'uuid' }) }),
        response: { 200: Type.Ref('SubjectSummary'), ...problemResponses },
      },
    }, async (request) => {
      requireRole(request, 'source', 'officer')
      return getSubjectSummary(ctx.database, ctx.keys, request.params.subjectId)
    })

    // A POST, so that an identity number never appears in a URL or an access log.
    app.post('/v1/subjects/lookup', {
      schema: {
        tags: ['subjects'], summary: 'Find a subject by USCC or resident identity number', security: [{ apiKey: [] }],
        body: SubjectLookupSchema,
        response: { 200: Type.Ref('SubjectSummary'), ...problemResponses },
      },
    }, async (request) => {
      requireRole(request, 'source', 'officer')
      const identity = readSubjectIdentity({ ...request.body, name: 'lookup' }, '', { today: ctx.clock.now(), mayFlag: true })
      if (identity instanceof AppError) throw identity
      const summary = await findSubjectSummary(ctx.database, ctx.keys, subjectIdOf(ctx.keys.index, identity))
      if (!summary) throw new AppError('subject.not_found', 'no subject with that identifier is registered', [{ pointer: '', detail: 'unknown subject' }])
      return summary
    })
  }
}
