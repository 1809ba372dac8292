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

/** Rejected lines of an import, a page at a time (GET /v1/imports/{jobId}/rejected-lines). */
export const RejectedLinesSchema = Type.Object({
  lines: Type.Array(
    Type.Object({
      line: Type.Integer({ description: 'the line of the file (1 is the CSV header)' }),
      code: Type.String({ description: 'the problem code, as in problem+json' }),
      pointer: Type.String({
        description: 'the field at fault, a JSON pointer into the record envelope ("" the whole line)',
      }),
      detail: Type.String({ description: 'what was wrong, for a developer (English)' }),
      sourceRecordId: Type.Union([Type.String(), Type.Null()]),
    }),
  ),
  more: Type.Boolean({ description: 'more rejected lines follow: ask again with after = the last line given' }),
})
