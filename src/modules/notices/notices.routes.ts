import type { FastifyPluginAsync } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { Database } from '../../db/database.ts'
import { requireRole } from '../../platform/http.ts'
import { verifiedSubjectOf } from '../../platform/principal.ts'
import { problemResponses } from '../../platform/problem-schema.ts'
import { noticesPolicy } from './notices.policy.ts'
import { NoticesSchema } from './notices.schemas.ts'
import { listNotices } from './notices.repository.ts'

export function noticesRoutes(ctx: { database: Database }): FastifyPluginAsync {
  return async (plain) => {
    const app = plain.withTypeProvider<TypeBoxTypeProvider>()
    app.get(
      '/v1/me/notices',
      {
        config: { policy: noticesPolicy.ownNotices },
        schema: {
          tags: ['self-service'],
          summary:
            'Notices about my file: corrections, objections and their answers, take-downs and erasures, newest first',
          response: { 200: NoticesSchema, ...problemResponses },
        },
      },
      async (request) => {
        const principal = requireRole(request, ...noticesPolicy.ownNotices)
        return { notices: await listNotices(ctx.database.db, verifiedSubjectOf(principal)) }
      },
    )
  }
}
