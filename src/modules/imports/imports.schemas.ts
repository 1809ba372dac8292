/** The imports API's response shapes (TypeBox): validation, serialisation, OpenAPI, and the portal's types. */
import { Type } from 'typebox'

export const ImportJobSchema = Type.Object(
  {
    jobId: Type.String({ format: 'uuid' }),
    fileName: Type.String(),
    format: Type.Union([Type.Literal('csv'), Type.Literal('ndjson')]),
    status: Type.Union([
      Type.Literal('running'),
      Type.Literal('done'),
      Type.Literal('failed'),
      Type.Literal('interrupted'),
    ]),
    bytesTotal: Type.Integer(),
    bytesRead: Type.Integer(),
    percent: Type.Integer({ minimum: 0, maximum: 100 }),
    accepted: Type.Integer(),
    versioned: Type.Integer(),
    unchanged: Type.Integer(),
    rejected: Type.Integer(),
    error: Type.Union([Type.String(), Type.Null()]),
    startedAt: Type.String({ format: 'date-time' }),
    finishedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  },
  { $id: 'ImportJob' },
)

/** This source's last imports, newest first (GET /v1/imports). */
export const ImportJobsSchema = Type.Object({ imports: Type.Array(ImportJobSchema) })
