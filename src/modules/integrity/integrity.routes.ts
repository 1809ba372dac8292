import type { FastifyPluginAsync } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { Database } from '../../db/database.ts'
import { problemResponses } from '../../platform/problem-schema.ts'
import { integrityPolicy } from './integrity.policy.ts'
import { StateCheckSchema } from './integrity.schemas.ts'
import type { StateFinding } from './integrity.ts'
import { verifyState } from './integrity.service.ts'

/** At most this many findings are listed (all are counted); `fides log verify` lists every one. */
export const FINDINGS_LISTED = 100

export function integrityRoutes(ctx: { database: Database }): FastifyPluginAsync {
  return async (plain) => {
    const app = plain.withTypeProvider<TypeBoxTypeProvider>()
    app.get(
      '/v1/integrity/state',
      {
        config: { policy: integrityPolicy.checkState },
        schema: {
          tags: ['transparency'],
          summary:
            'The state check, run now: list entries, consents, objections and subject accounts recomputed from their audit events and compared with their rows (as `fides log verify` does after the log)',
          description: `Every finding is counted; the first ${FINDINGS_LISTED} are listed with the table, the row's id and what is wrong.`,
          response: {
            200: StateCheckSchema,
            ...problemResponses,
          },
        },
      },
      async () => {
        const listed: StateFinding[] = []
        const result = await verifyState(ctx.database, {
          onFinding: (f) => {
            if (listed.length < FINDINGS_LISTED) listed.push(f)
          },
        })
        return { ...result, listed }
      },
    )
  }
}
