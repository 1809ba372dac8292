/**
 * Organisations' names as Latin letters, so that a visitor who types pinyin (full or initials, with or
 * without spaces or tones) finds a name written in Chinese characters (pure; pinyin-pro reads the
 * characters as words, so 重庆 is chongqing, 银行 yinhang). Names carry no other Latin form: the
 * register has no English names, so a Latin name is searched as its own letters.
 */
import { pinyin } from 'pinyin-pro'

/**
 * The search keys of a name: its full pinyin and its initials, lower case, letters and digits only (ü as
 * v). A name whose characters read otherwise one by one than as words (长乐 as a place is Changle, which
 * the word reading takes for zhangle) carries both readings, the word reading first, separated by a
 * space: search finds "starting with" by the first and "holding" by either.
 */
export interface PinyinKeys {
  full: string
  initials: string
}

const HAN = /\p{Script=Han}/u

/** Han characters as syllables, Latin words as they are, digits kept: the full key and the initials. */
function keysOf(syllables: readonly string[]): PinyinKeys {
  let full = ''
  let initials = ''
  for (const piece of syllables) {
    // a Han character's syllable, or a run of other text (its words, each with its own initial)
    for (const word of piece.toLowerCase().split(/[^a-z0-9]+/)) {
      if (word === '') continue
      full += word
      initials += /^[0-9]+$/.test(word) ? word : word[0]
    }
  }
  return { full, initials }
}

/** The keys a name is found by (see PinyinKeys). */
export function pinyinKeys(name: string): PinyinKeys {
  const text = name.normalize('NFKC')
  if (!HAN.test(text)) return keysOf([text])
  const options = { toneType: 'none', type: 'array', v: true, nonZh: 'consecutive' } as const
  const asWords = keysOf(pinyin(text, options))
  // each character alone, in its most common reading
  const byCharacter = keysOf([...text].map((c) => (HAN.test(c) ? pinyin(c, { toneType: 'none', v: true }) : c)))
  return {
    full: byCharacter.full === asWords.full ? asWords.full : `${asWords.full} ${byCharacter.full}`,
    initials:
      byCharacter.initials === asWords.initials ? asWords.initials : `${asWords.initials} ${byCharacter.initials}`,
  }
}

/**
 * What a visitor typed, as a key to compare with `pinyinKeys`: null unless it is Latin letters (tone
 * marks, tone numbers, spaces, apostrophes and other punctuation allowed). "Běijīng", "bei3jing1",
 * "bei jing" and "BeiJing" are all "beijing"; "lü" and "lu:" are "lv".
 */
export function pinyinQueryKey(query: string): string | null {
  const text = query
    .normalize('NFKC')
    .toLowerCase()
    .replace(/u:/g, 'v')
    .replace(/ü/g, 'v')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
  if (!/^[a-z0-9\s'’·.,&()-]+$/.test(text) || !/[a-z]/.test(text)) return null
  // tone numbers: a digit 1-5 right after a syllable, when every digit is one
  const toneNumbers = /^(?:[a-z]+[1-5]?[\s'’-]*)+$/.test(text) && /[1-5]/.test(text)
  const key = (toneNumbers ? text.replace(/[1-5]/g, '') : text).replace(/[^a-z0-9]/g, '')
  return key === '' ? null : key
}
