// `fides catalogue check FILE`: the charter check of a record-kind or list catalogue file, on the catalogue module alone.
import { readFile } from 'node:fs/promises'
import { loadConfig } from '../../config.ts'
import {
  loadCatalogue,
  validateCatalogue,
  validateListCatalogue,
  type CatalogueProblem,
} from '../../modules/catalogue/index.ts'

function refused(file: string, problems: readonly CatalogueProblem[]): number {
  process.stderr.write(`${file}: refused, ${problems.length} problem(s):\n`)
  for (const p of problems) process.stderr.write(`  ${p.code} at ${p.path || '/'}: ${p.message}\n`)
  return 1
}

/** Exit code: 0 within the charter, 1 refused, 64 usage. */
export async function catalogueCheck(args: readonly string[]): Promise<number> {
  if (args[0] !== 'check' || args.length !== 2) {
    process.stderr.write('fides: usage: fides catalogue check FILE\n')
    return 64
  }
  const file = args[1]!
  let input: unknown
  try {
    input = JSON.parse(await readFile(file, 'utf8'))
  } catch (error) {
    process.stderr.write(`${file}: cannot read it as JSON: ${(error as Error).message}\n`)
    return 1
  }
  if (typeof input === 'object' && input !== null && 'listCatalogueVersion' in input) {
    // a list catalogue is checked against the record kinds of the catalogue in force
    const config = await loadConfig()
    const recordKinds = new Set((await loadCatalogue(config.catalogueFile)).kinds.map((k) => k.code))
    const lists = validateListCatalogue(input, recordKinds)
    if (!lists.ok) return refused(file, lists.problems)
    process.stdout.write(
      `${file}: valid list catalogue ${lists.catalogue.listCatalogueVersion}, ${lists.catalogue.listKinds.length} list kinds, ${lists.catalogue.measures.length} measures from measure dictionary ${lists.catalogue.measureDictionaryVersion}, within the charter\n`,
    )
    return 0
  }
  const result = validateCatalogue(input)
  if (!result.ok) return refused(file, result.problems)
  process.stdout.write(
    `${file}: valid catalogue ${result.catalogue.catalogueVersion}, ${result.catalogue.kinds.length} kinds, within the charter\n`,
  )
  return 0
}
