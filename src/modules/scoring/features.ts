/**
 * Which columns a scorecard may use. A feature named in the protected list (or derived from one) is
 * refused as a model input; it may be supplied only as an audit-only column, for the fairness part
 * of the validation report. Derived features are declared, not coded: a ratio or difference, the largest, smallest,
 * sum or mean of columns, or how many of them exceed a threshold — readable in the model file and
 * applied the same way when scoring.
 */
import { readFileSync } from 'node:fs'
import { isMissing } from './binning.ts'

export type Derivation =
  | { name: string; op: 'ratio' | 'difference'; columns: [string, string] }
  | { name: string; op: 'max' | 'min' | 'sum' | 'mean'; columns: string[] }
  | { name: string; op: 'countAbove'; columns: string[]; threshold: number }

export interface FeatureSpec {
  type?: 'numeric' | 'categorical'
  /** values of a numeric feature that mean something else than their size (e.g. -1 = no account) */
  special?: number[]
  /** the reason text given to an applicant when this feature costs points */
  reason?: string
  /** the feature counts credit inquiries (a reason about it is always disclosed if it cost points) */
  inquiries?: boolean
}

export interface ModelSpec { features?: Record<string, FeatureSpec>; derived?: Derivation[] }

export interface ProtectedList { version: string; terms: { term: string; basis: string }[] }

/** The shipped protected list (ECOA, the charter): `catalogue/protected-features.json`. */
export const DEFAULT_PROTECTED_LIST = new URL('../../../catalogue/protected-features.json', import.meta.url)

/**
 * The protected list: the shipped one, or another file (`fides model fit --protected`, the server's
 * FIDES_PROTECTED_FEATURES). A list may add terms; a list without the shipped terms is refused, so that
 * configuration can widen the protection but never narrow it below the charter's.
 */
export function loadProtectedList(file: string | URL = DEFAULT_PROTECTED_LIST): ProtectedList {
  const list = JSON.parse(readFileSync(file, 'utf8')) as ProtectedList
  if (!Array.isArray(list.terms) || list.terms.some((t) => typeof t?.term !== 'string' || typeof t.basis !== 'string')) throw new Error(`${String(file)}: terms must be a list of { term, basis }`)
  if (String(file) !== String(DEFAULT_PROTECTED_LIST)) {
    const shipped = loadProtectedList()
    const missing = shipped.terms.filter((t) => !list.terms.some((u) => u.term === t.term)).map((t) => t.term)
    if (missing.length > 0) throw new Error(`${String(file)}: a protected list may add terms but not drop the charter's: missing ${missing.join(', ')}`)
  }
  return list
}

/** The words of a column name: "personal_status_sex" → personal, status, sex; "maritalStatus" → marital, status. */
export function nameWords(name: string): string[] {
  return name.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase().split(/[^a-z0-9]+/).filter(Boolean)
}

/** The protected terms a column name matches ("marital status" matches marital_status and MaritalStatus). */
export function protectedTerms(name: string, list: ProtectedList): string[] {
  const words = nameWords(name)
  const joined = ` ${words.join(' ')} `
  return list.terms.filter((t) => joined.includes(` ${nameWords(t.term).join(' ')} `)).map((t) => t.term)
}

/** The columns a derived feature reads. */
export const inputsOf = (d: Derivation): string[] => d.columns

/** Computes a derived feature for one row (NaN when an input is missing or a ratio divides by 0). */
export function derive(d: Derivation, get: (column: string) => string): number {
  const xs = d.columns.map((c) => { const v = get(c); return isMissing(v) ? NaN : Number(v) })
  if (xs.some((x) => !Number.isFinite(x))) return NaN
  switch (d.op) {
    case 'ratio': return xs[1] === 0 ? NaN : xs[0]! / xs[1]!
    case 'difference': return xs[0]! - xs[1]!
    case 'max': return Math.max(...xs)
    case 'min': return Math.min(...xs)
    case 'sum': return xs.reduce((a, b) => a + b, 0)
    case 'mean': return xs.reduce((a, b) => a + b, 0) / xs.length
    case 'countAbove': return xs.filter((x) => x > d.threshold).length
  }
}

export const DERIVATIONS: readonly string[] = ['ratio', 'difference', 'max', 'min', 'sum', 'mean', 'countAbove']

/** Checks a spec's derivations: known operations, existing columns, unique names. Returns problems. */
export function checkDerivations(derived: readonly Derivation[], columns: readonly string[]): string[] {
  const problems: string[] = []
  const names = new Set(columns)
  for (const d of derived) {
    if (!DERIVATIONS.includes(d.op)) problems.push(`derived feature ${d.name}: unknown operation ${String(d.op)}`)
    if (!Array.isArray(d.columns) || d.columns.length === 0 || ((d.op === 'ratio' || d.op === 'difference') && d.columns.length !== 2)) problems.push(`derived feature ${d.name}: ${d.op === 'ratio' || d.op === 'difference' ? `a ${d.op} takes two columns` : 'needs columns'}`)
    for (const c of d.columns ?? []) if (!names.has(c)) problems.push(`derived feature ${d.name}: no column ${c}`)
    if (d.op === 'countAbove' && typeof d.threshold !== 'number') problems.push(`derived feature ${d.name}: countAbove needs a threshold`)
    if (names.has(d.name)) problems.push(`derived feature ${d.name}: the name is already taken`)
    names.add(d.name)
  }
  return problems
}
