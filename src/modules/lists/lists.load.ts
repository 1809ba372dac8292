import { readFile } from 'node:fs/promises'
import { loadListCatalogue, type ListCatalogue } from '../catalogue/index.ts'
import { workingCalendarOf, type WorkingCalendar } from '../../platform/working-days.ts'

export interface Lists { lists: ListCatalogue; calendar: WorkingCalendar }

/** The list catalogue (refused unless within the charter) and the working-day calendar, from their files. */
export async function loadLists(recordKinds: ReadonlySet<string>, files: { listCatalogue: string; holidays: string }): Promise<Lists> {
  const lists = await loadListCatalogue(recordKinds, files.listCatalogue)
  const calendar = workingCalendarOf(JSON.parse(await readFile(files.holidays, 'utf8')))
  return { lists, calendar }
}
