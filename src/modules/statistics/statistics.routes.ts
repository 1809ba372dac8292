import type { FastifyPluginAsync } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { problemResponses } from '../../platform/problem-schema.ts'
import { statisticsPolicy } from './statistics.policy.ts'
import { listStatistics, type StatisticsContext } from './statistics.service.ts'

export function statisticsRoutes(ctx: StatisticsContext): FastifyPluginAsync {
  return async (plain) => {
    const app = plain.withTypeProvider<TypeBoxTypeProvider>()

    app.get(
      '/v1/statistics',
      {
        config: { policy: statisticsPolicy.statistics },
        schema: {
          tags: ['lists'],
          summary:
            'Accountability: entries proposed, listed, rejected, annulled, removed and expired per list kind and per deciding agency; how fast removal follows performance',
          response: {
            200: Type.Unknown({ description: 'the statistics, per list kind and per deciding agency' }),
            ...problemResponses,
          },
        },
      },
      async () => listStatistics(ctx),
    )
  }
}
