// Loads a catalogue file and refuses it unless it passes the charter validator.
import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import type { Catalogue } from './catalogue.ts'
import { validateCatalogue } from './validate-catalogue.ts'
import type { CatalogueProblem } from './charter.ts'
import { validateListCatalogue, type ListCatalogue } from './list-catalogue.ts'

/** The shipped default catalogue: <repo>/catalogue/record-kinds.json. */
export const DEFAULT_CATALOGUE_PATH = fileURLToPath(new URL('../../../catalogue/record-kinds.json', import.meta.url))

/** A catalogue file that cannot be used; `problems` lists everything wrong with it. */
export class CatalogueError extends Error {
  readonly path: string
  readonly problems: readonly CatalogueProblem[]

  constructor(path: string, problems: readonly CatalogueProblem[]) {
    super(
      `catalogue ${path} is refused (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n` +
        problems.map((q) => `  ${q.code} at ${q.path || '/'}: ${q.message}`).join('\n'),
    )
    this.name = 'CatalogueError'
    this.path = path
    this.problems = problems
  }
}

/** Reads a catalogue file as JSON; throws a CatalogueError if it cannot be read or parsed. */
async function readCatalogueJson(path: string): Promise<unknown> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (e) {
    throw new CatalogueError(path, [
      {
        code: 'catalogue.unreadable',
        path: '',
        message: `cannot read ${path}: ${e instanceof Error ? e.message : String(e)}`,
      },
    ])
  }
  try {
    return JSON.parse(text)
  } catch (e) {
    throw new CatalogueError(path, [
      {
        code: 'catalogue.invalid_json',
        path: '',
        message: `not JSON: ${e instanceof Error ? e.message : String(e)}`,
      },
    ])
  }
}

/** Reads and validates a catalogue; throws a CatalogueError listing every problem if it is refused. */
export async function loadCatalogue(path: string = DEFAULT_CATALOGUE_PATH): Promise<Catalogue> {
  const result = validateCatalogue(await readCatalogueJson(path))
  if (!result.ok) throw new CatalogueError(path, result.problems)
  return result.catalogue
}

/** The shipped list catalogue: <repo>/catalogue/lists.json. */
export const DEFAULT_LIST_CATALOGUE_PATH = fileURLToPath(new URL('../../../catalogue/lists.json', import.meta.url))

/** Reads and validates a list catalogue against the record kinds in force; throws a CatalogueError if refused. */
export async function loadListCatalogue(
  recordKinds: ReadonlySet<string>,
  path: string = DEFAULT_LIST_CATALOGUE_PATH,
): Promise<ListCatalogue> {
  const result = validateListCatalogue(await readCatalogueJson(path), recordKinds)
  if (!result.ok) throw new CatalogueError(path, result.problems)
  return result.catalogue
}
