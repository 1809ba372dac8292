/**
 * The portal's words: every text is a pair in both languages (the type makes a missing one a compile
 * error; this checks neither is empty, texts built from values with a few values), no Chinese text has an English word in it and no English text
 * a Chinese one. Only names stay as they are: the platform's, file formats, the hash, units.
 */
import assert from 'node:assert/strict'
import { readdir } from 'node:fs/promises'
import { test } from 'node:test'
import { messages, type Messages, type Text } from '../src/portal/i18n.ts'

/** Latin words a Chinese text may hold: names, not English. */
const NAMES = new Set(['Fides', 'PDF', 'PNG', 'JPEG', 'JSON', 'CSV', 'NDJSON', 'SHA', 'MB', 'API', 'English'])
/** ...and what is typed as it is: a command, a file extension, a key, an example name. */
const TYPED = /\bfides(?: [a-z]+)+|\.[a-z]+\b|\bCtrl\+[A-Z]\b|\b[a-z]+(?:-[a-z]+)+\b/g

async function everyText(): Promise<[string, Messages][]> {
  const all: [string, Messages][] = [['i18n.ts', messages]]
  for (const file of (await readdir('src/portal')).filter((f) => f.endsWith('.ts')).sort()) {
    const module = (await import(`../src/portal/${file}`)) as { TEXT?: Messages }
    if (module.TEXT) all.push([file, module.TEXT])
  }
  return all
}

test('every text of the portal is in both languages, Chinese without English words and English without Chinese', async () => {
  const problems: string[] = []
  const pages = await everyText()
  assert.ok(pages.length > 10, "the pages' texts are found")
  for (const [file, texts] of pages) {
    for (const [key, message] of Object.entries(texts)) {
      // a text built from values: built from a few (0, 1 and 2 for each), so each of its branches shows
      const built =
        typeof message === 'function'
          ? [0, 1, 2].map((v) =>
              (message as (...values: unknown[]) => Text)(...Array.from({ length: message.length }, () => v)),
            )
          : [message]
      for (const text of built) {
        if (text.zh.trim() === '' || text.en.trim() === '') problems.push(`${file} ${key}: a language is empty`)
        const english = (text.zh.replace(TYPED, '').match(/[A-Za-z]+/g) ?? []).filter((w) => !NAMES.has(w))
        if (english.length > 0) problems.push(`${file} ${key}: English in the Chinese text: ${english.join(' ')}`)
        if (/[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]/.test(text.en) && key !== 'otherLanguage')
          problems.push(`${file} ${key}: Chinese in the English text`)
      }
    }
  }
  assert.deepEqual(problems, [])
})
