/** The integrity API's response shapes (TypeBox): validation, serialisation, OpenAPI, and the portal's types. */
import { Type } from 'typebox'

const Counts = Type.Object({
  list_entries: Type.Integer(),
  consents: Type.Integer(),
  objections: Type.Integer(),
  subject_accounts: Type.Integer(),
})

/** The state check's result: rows checked per table, findings counted, the first ones listed (GET /v1/integrity/state). */
export const StateCheckSchema = Type.Object({
  checked: Counts,
  ranges: Type.Integer(),
  findings: Type.Integer(),
  listed: Type.Array(
    Type.Object({ table: Type.String(), id: Type.String(), problem: Type.String(), detail: Type.String() }),
  ),
})
