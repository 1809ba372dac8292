import type { FastifyPluginAsync } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { problemResponses } from '../../platform/problem-schema.ts'
import { cataloguePolicy } from './catalogue.policy.ts'
import {
  CatalogueTypeSchema,
  DiffSchema,
  PublishedCatalogueSchema,
  VersionContentSchema,
  VersionsSchema,
} from './catalogue.schemas.ts'
import {
  catalogueInForce,
  catalogueVersions,
  diffCatalogueVersions,
  getCatalogueVersion,
  type CatalogueContext,
} from './catalogue.service.ts'

const Version = Type.String({ minLength: 1, maxLength: 20, description: 'a catalogue version, e.g. 2026.2' })
const TypeQuery = Type.Object({ type: Type.Optional(CatalogueTypeSchema) })

/** The catalogue is published: anyone may read which kinds of record and which measures can exist at all, since when, and what changed. */
export function catalogueRoutes(ctx: CatalogueContext): FastifyPluginAsync {
  return async (plain) => {
    const app = plain.withTypeProvider<TypeBoxTypeProvider>()
    // the catalogues in force do not change while the process runs
    const inForce = catalogueInForce(ctx)

    app.get(
      '/v1/catalogue',
      {
        config: { policy: cataloguePolicy.read },
        schema: {
          tags: ['catalogue'],
          summary:
            'The catalogue in force (public): every record kind with its data elements resolved from the dictionary, and the list kinds and measures that may follow an entry',
          response: { 200: PublishedCatalogueSchema, ...problemResponses },
        },
      },
      async () => inForce,
    )

    app.get(
      '/v1/catalogue/versions',
      {
        config: { policy: cataloguePolicy.read },
        schema: {
          tags: ['catalogue'],
          summary:
            'Every version of the record-kind and list catalogues loaded here: published on, loaded at, content hash, and the audit event that recorded it with its leaf in the transparency log',
          response: { 200: VersionsSchema, ...problemResponses },
        },
      },
      async () => catalogueVersions(ctx),
    )

    app.get(
      '/v1/catalogue/versions/:version',
      {
        config: { policy: cataloguePolicy.read },
        schema: {
          tags: ['catalogue'],
          summary: "A stored version's content as it was loaded (type=lists for the list catalogue)",
          params: Type.Object({ version: Version }),
          querystring: TypeQuery,
          response: { 200: VersionContentSchema, ...problemResponses },
        },
      },
      async (request) => getCatalogueVersion(ctx, request.query.type ?? 'kinds', request.params.version),
    )

    app.get(
      '/v1/catalogue/diff',
      {
        config: { policy: cataloguePolicy.read },
        schema: {
          tags: ['catalogue'],
          summary:
            'What changed from one stored version to another: kinds (or, with type=lists, list kinds and measures) added, removed and changed, each changed property before and after, elements added, removed and narrowed',
          querystring: Type.Object({ from: Version, to: Version, type: Type.Optional(CatalogueTypeSchema) }),
          response: { 200: DiffSchema, ...problemResponses },
        },
      },
      async (request) =>
        diffCatalogueVersions(ctx, request.query.type ?? 'kinds', request.query.from, request.query.to),
    )
  }
}
