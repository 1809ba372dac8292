import type { FastifyPluginAsync } from 'fastify'
import { Type } from 'typebox'
import type { ActiveCatalogue } from './active.ts'
import { cataloguePolicy } from './catalogue.policy.ts'

/** The catalogue is published: anyone may read which kinds of record can exist at all. */
export function catalogueRoutes(active: ActiveCatalogue): FastifyPluginAsync {
  return async (app) => {
    app.get('/v1/catalogue', {
      config: { policy: cataloguePolicy.read },
      schema: {
        tags: ['catalogue'], summary: 'The record-kind catalogue in force (public)',
        response: { 200: Type.Object({ catalogueVersion: Type.String(), publishedOn: Type.String(), kinds: Type.Array(Type.Record(Type.String(), Type.Unknown())) }) },
      },
    }, async () => active.catalogue)
  }
}
