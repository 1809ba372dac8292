// Test fixtures for the catalogue module (used only by *.test.ts).
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import assert from 'node:assert/strict'
import type { Catalogue } from './catalogue.ts'
import { validateCatalogue } from './validate-catalogue.ts'
import type { CatalogueProblem } from './charter.ts'

export const SHIPPED_PATH = fileURLToPath(new URL('../../../catalogue/record-kinds.json', import.meta.url))
export const EXAMPLES_DIR = fileURLToPath(new URL('../../../catalogue/examples/', import.meta.url))

const shippedText = readFileSync(SHIPPED_PATH, 'utf8')

/** A fresh, mutable copy of the shipped catalogue. */
export function shipped(): Catalogue {
  return JSON.parse(shippedText) as Catalogue
}

export function kindIndex(code: string): number {
  const i = shipped().kinds.findIndex((k) => k.code === code)
  assert.notEqual(i, -1, `no shipped kind ${code}`)
  return i
}

function decode(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~')
}

function parentOf(root: unknown, pointer: string): { parent: Record<string, unknown>; key: string } {
  const segments = pointer.split('/').slice(1).map(decode)
  const key = segments.pop()
  assert.ok(key !== undefined, 'empty pointer')
  let node: unknown = root
  for (const s of segments) {
    assert.ok(typeof node === 'object' && node !== null, `no ${s} in ${pointer}`)
    node = (node as Record<string, unknown>)[s]
  }
  assert.ok(typeof node === 'object' && node !== null, `no parent for ${pointer}`)
  return { parent: node as Record<string, unknown>, key }
}

/** Sets the value at a JSON pointer (creating the last segment). */
export function setAt(root: unknown, pointer: string, value: unknown): void {
  const { parent, key } = parentOf(root, pointer)
  parent[key] = value
}

export function getAt(root: unknown, pointer: string): unknown {
  const { parent, key } = parentOf(root, pointer)
  return parent[key]
}

export function removeAt(root: unknown, pointer: string): void {
  const { parent, key } = parentOf(root, pointer)
  if (Array.isArray(parent)) parent.splice(Number(key), 1)
  else delete parent[key]
}

/** Problems after applying a mutation to a fresh copy of the shipped catalogue. */
export function problemsAfter(mutate: (c: Catalogue) => void): CatalogueProblem[] {
  const c = shipped()
  mutate(c)
  const r = validateCatalogue(c)
  return r.ok ? [] : r.problems
}

/**
 * Asserts a problem with this code at this pointer, whose message mentions every given text;
 * returns it.
 */
export function expectProblem(
  problems: readonly CatalogueProblem[],
  code: string,
  path: string,
  ...mentions: string[]
): CatalogueProblem {
  const candidates = problems.filter((p) => p.code === code && p.path === path)
  assert.ok(
    candidates.length > 0,
    `expected ${code} at ${path}; got:\n${problems.map((p) => `  ${p.code} ${p.path}: ${p.message}`).join('\n') || '  (none)'}`,
  )
  const found = candidates.find((p) => mentions.every((m) => p.message.includes(m)))
  assert.ok(
    found,
    `a ${code} message at ${path} should mention ${mentions.map((m) => JSON.stringify(m)).join(', ')}:\n${candidates.map((p) => `  ${p.message}`).join('\n')}`,
  )
  return found
}

/** Asserts exactly these problem codes (in any order), nothing else. */
export function expectOnly(problems: readonly CatalogueProblem[], ...codes: string[]): void {
  assert.deepEqual(
    problems.map((p) => p.code).sort(),
    [...codes].sort(),
    problems.map((p) => `  ${p.code} ${p.path}: ${p.message}`).join('\n'),
  )
}
