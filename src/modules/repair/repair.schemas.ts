/** The repair API's request and response shapes (TypeBox): validation, serialisation, OpenAPI, and the portal's types. */
import { Type } from 'typebox'
import { TrailEventSchema } from '../../platform/problem-schema.ts'
import { EvidenceSchema } from '../objections/index.ts'

const Day = Type.Union([Type.String({ format: 'date' }), Type.Null()])
export const RepairSchema = Type.Object({
  applicationId: Type.String({ format: 'uuid' }),
  subjectId: Type.String({ format: 'uuid' }),
  target: Type.Object({ type: Type.String(), id: Type.String({ format: 'uuid' }), kind: Type.String() }),
  status: Type.String({ description: 'submitted, feedback_given, approved, refused' }),
  appliedOn: Type.String({ format: 'date' }),
  statement: Type.String(),
  evidence: EvidenceSchema(),
  feedbackDueOn: Type.String({ format: 'date' }),
  feedbackOn: Day,
  feedback: Type.Union([Type.String(), Type.Null()]),
  decisionDueOn: Day,
  decidedOn: Day,
  decidedBy: Type.Union([Type.String(), Type.Null()]),
  decisionReasons: Type.Union([Type.String(), Type.Null()]),
  takeDownDueOn: Day,
  takenDownOn: Day,
  overdue: Type.Union([Type.Literal('feedback'), Type.Literal('decision'), Type.Null()]),
})

/** The subject's own applications (GET /v1/me/repairs). */
export const OwnRepairsSchema = Type.Object({ applications: Type.Array(RepairSchema) })

/** One application in full, with its audit events (GET /v1/repairs/:applicationId). */
export const RepairDetailSchema = Type.Object({ ...RepairSchema.properties, history: Type.Array(TrailEventSchema) })
