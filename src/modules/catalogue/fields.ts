// Field validators: each kind's `fields` schema compiled once with ajv (JSON Schema 2020-12).
// Validation runs on the ingest hot path, so compiled functions are cached and reused.
import { Ajv2020 } from 'ajv/dist/2020.js'
import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020.js'
import addFormatsModule from 'ajv-formats'
import type { Catalogue, JsonSchemaObject } from './catalogue.ts'
import { escapePointerSegment } from './pointer.ts'

/** A problem with a record's `fields`, located by a JSON pointer inside `fields` ('' is the whole object). */
export interface FieldError {
  pointer: string
  message: string
}

export type FieldValidator = (fields: unknown) => FieldError[]

// ajv-formats is CommonJS; under NodeNext its default import is the plugin function itself.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default

function newAjv(): Ajv2020 {
  const ajv = new Ajv2020({ strict: true, allErrors: true })
  addFormats(ajv, ['date'])
  return ajv
}

// Compiled functions by schema text. Bounded: past the limit the ajv instance (which keeps its
// own references to compiled schemas) is dropped with the cache and a fresh one started.
const CACHE_LIMIT = 512
let ajv: Ajv2020 | undefined
const cache = new Map<string, ValidateFunction>()

function compiled(schema: object): ValidateFunction {
  const key = JSON.stringify(schema)
  let fn = cache.get(key)
  if (fn === undefined) {
    if (ajv === undefined || cache.size >= CACHE_LIMIT) {
      cache.clear()
      ajv = newAjv()
    }
    fn = ajv.compile(schema)
    cache.set(key, fn)
  }
  return fn
}

function toFieldError(e: ErrorObject): FieldError {
  switch (e.keyword) {
    case 'additionalProperties': {
      const name = String((e.params as { additionalProperty?: unknown }).additionalProperty)
      return {
        pointer: `${e.instancePath}/${escapePointerSegment(name)}`,
        message: `'${name}' is not a field of this kind`,
      }
    }
    case 'required': {
      const name = String((e.params as { missingProperty?: unknown }).missingProperty)
      return { pointer: `${e.instancePath}/${escapePointerSegment(name)}`, message: `'${name}' is required` }
    }
    default:
      return { pointer: e.instancePath, message: e.message ?? `fails '${e.keyword}'` }
  }
}

/** Compiles one `fields` schema. Throws if ajv cannot compile it (validateCatalogue reports that first). */
export function compileFieldSchema(schema: JsonSchemaObject | object): FieldValidator {
  const validate = compiled(schema)
  return (fields: unknown): FieldError[] => (validate(fields) ? [] : (validate.errors ?? []).map(toFieldError))
}

/** One validator per kind code, each compiled once. */
export function compileFieldValidators(catalogue: Catalogue): Map<string, FieldValidator> {
  const out = new Map<string, FieldValidator>()
  for (const kind of catalogue.kinds) out.set(kind.code, compileFieldSchema(kind.fields))
  return out
}
