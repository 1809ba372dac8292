/**
 * Words the public pages share: an organisation's type, the provinces its division code names, a day
 * written out. (Each page keeps the rest of its words in its own TEXT.)
 */
import { type Lang, type Messages, pick } from './i18n.ts'

export const TEXT = {
  enterprise: { zh: '企业', en: 'Enterprise' },
  individualBusiness: { zh: '个体工商户', en: 'Individual business' },
  cooperative: { zh: '农民专业合作社', en: "Farmers' cooperative" },
  socialOrganisation: { zh: '社会组织', en: 'Social organisation' },
  publicBody: { zh: '机关或事业单位', en: 'Public body' },
  otherOrganisation: { zh: '其他组织', en: 'Other organisation' },
  unknownType: { zh: '组织', en: 'Organisation' },
  day: (year: number, month: number, day: number) => ({
    zh: `${year}年${month}月${day}日`,
    en: `${day} ${['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'][(month + 11) % 12]} ${year}`,
  }),
} satisfies Messages

const TYPES: Record<string, keyof typeof TEXT> = {
  enterprise: 'enterprise',
  individual_business: 'individualBusiness',
  cooperative: 'cooperative',
  social_organisation: 'socialOrganisation',
  public_body: 'publicBody',
  other_organisation: 'otherOrganisation',
}

/** An organisation's type in words (never its code). */
export function subjectTypeText(lang: Lang, type: string): string {
  const key = TYPES[type] ?? 'unknownType'
  return pick(lang, TEXT[key] as { zh: string; en: string })
}

/** A day (YYYY-MM-DD) written out: 2026年3月5日, 5 March 2026; an empty value as a dash. */
export function dayText(lang: Lang, iso: string | null | undefined): string {
  const m = /^(\d{4})-(\d\d)-(\d\d)/.exec(iso ?? '')
  if (!m) return '—'
  return pick(lang, TEXT.day(Number(m[1]), Number(m[2]), Number(m[3])))
}

/** The provinces of GB/T 2260 by the first two digits of a division code, in both languages. */
export const PROVINCES: readonly (readonly [string, string, string])[] = [
  ['11', '北京市', 'Beijing'],
  ['12', '天津市', 'Tianjin'],
  ['13', '河北省', 'Hebei'],
  ['14', '山西省', 'Shanxi'],
  ['15', '内蒙古自治区', 'Inner Mongolia'],
  ['21', '辽宁省', 'Liaoning'],
  ['22', '吉林省', 'Jilin'],
  ['23', '黑龙江省', 'Heilongjiang'],
  ['31', '上海市', 'Shanghai'],
  ['32', '江苏省', 'Jiangsu'],
  ['33', '浙江省', 'Zhejiang'],
  ['34', '安徽省', 'Anhui'],
  ['35', '福建省', 'Fujian'],
  ['36', '江西省', 'Jiangxi'],
  ['37', '山东省', 'Shandong'],
  ['41', '河南省', 'Henan'],
  ['42', '湖北省', 'Hubei'],
  ['43', '湖南省', 'Hunan'],
  ['44', '广东省', 'Guangdong'],
  ['45', '广西壮族自治区', 'Guangxi'],
  ['46', '海南省', 'Hainan'],
  ['50', '重庆市', 'Chongqing'],
  ['51', '四川省', 'Sichuan'],
  ['52', '贵州省', 'Guizhou'],
  ['53', '云南省', 'Yunnan'],
  ['54', '西藏自治区', 'Tibet'],
  ['61', '陕西省', 'Shaanxi'],
  ['62', '甘肃省', 'Gansu'],
  ['63', '青海省', 'Qinghai'],
  ['64', '宁夏回族自治区', 'Ningxia'],
  ['65', '新疆维吾尔自治区', 'Xinjiang'],
]

/** The province a division code is in, in words ('' when the code names none). */
export function provinceText(lang: Lang, divisionCode: string | null | undefined): string {
  const p = PROVINCES.find(([code]) => divisionCode?.startsWith(code))
  return p ? (lang === 'zh' ? p[1] : p[2]) : ''
}
