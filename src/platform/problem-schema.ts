import { Type } from 'typebox'

/** The RFC 9457 problem document, as every route declares it for its error responses. */
export const ProblemSchema = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String(),
    code: Type.String({ description: 'stable dotted error code, e.g. record.kind_not_in_catalogue' }),
    instance: Type.Optional(Type.String()),
    errors: Type.Array(
      Type.Object({
        pointer: Type.String({ description: 'RFC 6901 pointer to the offending field' }),
        detail: Type.String(),
        rule: Type.Optional(
          Type.Object(
            {
              keyword: Type.String({ description: 'the JSON Schema keyword broken: required, minLength, format ...' }),
              limit: Type.Optional(Type.Number()),
              format: Type.Optional(Type.String()),
              allowed: Type.Optional(Type.Array(Type.String())),
            },
            { description: 'the schema rule the value broke, for a client to word in its own language' },
          ),
        ),
      }),
    ),
  },
  { $id: 'Problem', description: 'RFC 9457 problem details' },
)

export const problemResponses = {
  400: Type.Ref('Problem'),
  401: Type.Ref('Problem'),
  403: Type.Ref('Problem'),
  404: Type.Ref('Problem'),
  413: Type.Ref('Problem'),
  415: Type.Ref('Problem'),
  422: Type.Ref('Problem'),
  429: Type.Ref('Problem'),
  500: Type.Ref('Problem'),
}

/** One line of an object's audit trail (platform/audit.ts `objectTrail`), as officers' views return it. */
export const TrailEventSchema = Type.Object({
  at: Type.String({ format: 'date-time' }),
  action: Type.String(),
  event: Type.Union([Type.String(), Type.Null()]),
  by: Type.String(),
  actorType: Type.Optional(Type.String({ description: 'officer, source, subject, system, ...' })),
  actorName: Type.Optional(
    Type.Union([Type.String(), Type.Null()], {
      description: "who acted, as people read it: an officer's display name, a source's; null when not looked up",
    }),
  ),
})
