/**
 * Organisations' names as Latin letters, so that a visitor who types pinyin (full or initials, with or
 * without spaces or tones) finds a name written in Chinese characters (pure; pinyin-pro reads the
 * characters as words, so 重庆 is chongqing, 银行 yinhang, and is corrected where it misreads a name).
 * Names carry no other Latin form: the register has no English names, so a Latin name is searched as
 * its own letters.
 */
import { pinyin } from 'pinyin-pro'

/** The search keys of a name: its full pinyin and its initials, lower case, letters and digits only (ü as v). */
export interface PinyinKeys {
  full: string
  initials: string
}

const HAN = /\p{Script=Han}/u

/**
 * Places whose characters take a rare reading, which pinyin-pro reads otherwise (toneless, ü as v):
 * matched only where a place begins, at the start of a name or after a division's suffix (WORD_END), so
 * 快乐清洁 keeps its 乐 lè.
 */
const PLACES: Readonly<Record<string, string>> = {
  六安: 'lu an',
  六合: 'lu he',
  乐清: 'yue qing',
  乐亭: 'lao ting',
  单县: 'shan xian',
  大埔: 'da bu',
  涡阳: 'guo yang',
  蔚县: 'yu xian',
  会稽: 'kuai ji',
  黄陂: 'huang pi',
}

/** 行 as a firm (háng), where pinyin-pro reads it as "to go" (xíng): matched anywhere, longest first. */
const FIRMS: Readonly<Record<string, string>> = {
  分行: 'fen hang',
  车行: 'che hang',
  琴行: 'qin hang',
  乐器行: 'yue qi hang',
  投行: 'tou hang',
}
const LONGEST_FIRM = Math.max(...Object.keys(FIRMS).map((w) => w.length))

/**
 * Where a name's words certainly end: after 公司 and after the suffix of an administrative division
 * (省, 市, 县, 区, 州, 旗, 盟, 镇, 乡). Read across such an end, pinyin-pro takes 市长, 州长 or 司长 for a title
 * and 长沙 after 湖南省长沙市 becomes zhangsha; a name holds no title, so each part is read alone.
 */
const WORD_END = /(?<=公司|[省市县区州旗盟镇乡])/u

/** A name's syllables, part by part: a place from PLACES where it begins, firms from FIRMS, the rest as pinyin-pro reads it. */
function syllablesOf(text: string): string[] {
  const syllables: string[] = []
  const options = { toneType: 'none', type: 'array', v: true, nonZh: 'consecutive' } as const
  for (const part of text.split(WORD_END)) {
    const place = Object.keys(PLACES).find((p) => part.startsWith(p))
    if (place !== undefined) syllables.push(...PLACES[place]!.split(' '))
    let rest = ''
    for (let i = place?.length ?? 0; i < part.length; ) {
      const firm = [...Array(LONGEST_FIRM).keys()]
        .map((n) => part.slice(i, i + LONGEST_FIRM - n))
        .find((w) => FIRMS[w] !== undefined)
      if (firm === undefined) {
        rest += part[i]
        i += 1
        continue
      }
      if (rest !== '') syllables.push(...pinyin(rest, options))
      syllables.push(...FIRMS[firm]!.split(' '))
      rest = ''
      i += firm.length
    }
    if (rest !== '') syllables.push(...pinyin(rest, options))
  }
  return syllables
}

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

/**
 * The keys a name is found by, in one reading: the reading of its words, so 银行 is yinhang (never
 * yinxing), 重庆 chongqing, 长沙 changsha, 重工 zhonggong (see PLACES, FIRMS and WORD_END for what
 * the library's reading is corrected by).
 */
export function pinyinKeys(name: string): PinyinKeys {
  const text = name.normalize('NFKC')
  return keysOf(HAN.test(text) ? syllablesOf(text) : [text])
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
