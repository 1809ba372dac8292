/**
 * The charter's hard limits applied to the free text that officers and sources write: a list step's
 * reasons, an objection's escalation or decision, repair feedback and decisions, a model's reasons for
 * publishing or withdrawing, a source's answer to an objection. Such text is told to the subject and
 * kept with the decision, so it may not become the place where religion, politics, ethnicity, health,
 * relations or the other refused categories get in after the catalogue kept them out of the records.
 * Matching is the catalogue's own (terms.ts: folded text, Chinese terms in pinyin too), in prose mode.
 *
 * A subject's own words (its objection's reasons and statement, its repair application's statement)
 * are never checked: they are the subject's voice about itself, and it may raise anything in its own
 * defence.
 */
import { AppError } from '../../platform/app-error.ts'
import { FORBIDDEN_TERM_SETS, findTerms } from './terms.ts'

/**
 * Throws `text.forbidden_category` (422) naming the category, and pointing at the field, when the text
 * speaks of a category the charter refuses. The message never repeats the text.
 */
export function assertNoForbiddenCategory(text: string, pointer: string): void {
  const hit = findTerms(text, FORBIDDEN_TERM_SETS)[0]
  if (hit === undefined) return
  const category = hit.set.label
  throw new AppError(
    'text.forbidden_category',
    `the text speaks of ${category}, which Fides never holds or uses (charter): give the conduct on record and the legal basis instead`,
    [{ pointer, detail: `names ${category}` }],
  )
}
