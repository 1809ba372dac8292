import { test } from 'node:test'
import assert from 'node:assert/strict'
import { pinyinKeys, pinyinQueryKey } from './pinyin.ts'

test('a name in characters as pinyin keys: full and initials, letters and digits only, ü as v', () => {
  assert.deepEqual(pinyinKeys('中国银行股份有限公司'), {
    full: 'zhongguoyinhanggufenyouxiangongsi',
    initials: 'zgyhgfyxgs',
  })
  assert.deepEqual(pinyinKeys('福建闽江01食品有限公司'), {
    full: 'fujianminjiang01shipinyouxiangongsi',
    initials: 'fjmj01spyxgs',
  })
  assert.equal(pinyinKeys('绿色能源公司').full, 'lvsenengyuangongsi')
  assert.deepEqual(pinyinKeys('Xiamen Harbour Trading Co., Ltd.'), {
    full: 'xiamenharbourtradingcoltd',
    initials: 'xhtcl',
  })
})

test('a polyphonic character is read as its word reads it, in one reading: 银行 háng, 重庆 chóng, 长沙 cháng', () => {
  const full = (name: string) => pinyinKeys(name).full
  assert.equal(full('长沙银行'), 'changshayinhang')
  assert.equal(full('重庆三峡银行'), 'chongqingsanxiayinhang')
  assert.equal(full('重工机械'), 'zhonggongjixie', '重 in 重工 is zhòng')
  assert.equal(full('厦门市行政服务中心'), 'xiamenshixingzhengfuwuzhongxin', '行 in 行政 is xíng')
  assert.equal(full('银杏文化传媒'), 'yinxingwenhuachuanmei')
  assert.equal(pinyinKeys('长沙银行').initials, 'csyh', 'one reading: no second key of initials')
})

test('a title is never read across the end of a division or of 公司: 市长, 州长, 司长 are not words of a name', () => {
  const full = (name: string) => pinyinKeys(name).full
  assert.equal(full('长沙市长沙县农业银行'), 'changshashichangshaxiannongyeyinhang')
  assert.equal(full('福州长乐纺织有限公司'), 'fuzhouchanglefangzhiyouxiangongsi')
  assert.equal(full('湖南省长沙市重工机械有限公司'), 'hunanshengchangshashizhonggongjixieyouxiangongsi')
  assert.equal(full('招商银行股份有限公司长沙分行'), 'zhaoshangyinhanggufenyouxiangongsichangshafenhang')
  assert.equal(full('市场监督管理局'), 'shichangjianduguanliju')
})

test('words the library misreads in names are read from the table: places and 行 as a firm', () => {
  const full = (name: string) => pinyinKeys(name).full
  assert.equal(full('六安市乐器行'), 'luanshiyueqihang')
  assert.equal(full('乐清市电器厂'), 'yueqingshidianqichang')
  assert.equal(full('单县贸易公司'), 'shanxianmaoyigongsi')
  assert.equal(full('快乐清洁服务公司'), 'kuaileqingjiefuwugongsi', 'a place only where a place begins')
  assert.equal(full('长子县农商银行'), 'zhangzixiannongshangyinhang', '长子 is zhǎngzǐ, as the library reads it')
})

test('what a visitor types, as a key: tones, tone numbers, spaces, apostrophes and capitals do not matter', () => {
  for (const q of ['Běijīng', 'bei3jing1', 'bei jing', 'BeiJing', 'bei-jing'])
    assert.equal(pinyinQueryKey(q), 'beijing', q)
  assert.equal(pinyinQueryKey('lü'), 'lv')
  assert.equal(pinyinQueryKey('lu:se'), 'lvse')
  assert.equal(pinyinQueryKey("Xi'an"), 'xian')
  assert.equal(pinyinQueryKey('Co., Ltd.'), 'coltd')
  for (const q of ['长乐', '12', '  ', '长乐 changle', '%']) assert.equal(pinyinQueryKey(q), null, q)
})
