import iconv from 'iconv-lite';
import { CsvFileError } from './csv-file-error.js';
import { CsvEncodingError, looksLikeText } from './csv-legacy-encoding.js';
import { readLeadCsv, readLeadCsvHeader, type CsvEvent } from './csv-reader.js';
import { detectEncoding } from './csv-sniff.js';

// Files in the encodings spreadsheets and CRMs export: each is decoded to the text it was written from, or
// refused with the encodings it could be; never imported as mojibake.
const HEADER = 'email,first_name,last_name,company,crm_owner\n';
const PEOPLE: Record<string, string[][]> = {
  ja: [
    ['taro.yamada@sample.example', '太郎', '山田', '株式会社サンプル'],
    ['hanako.sato@robotics.example', '花子', '佐藤', '東京ロボティクス株式会社'],
    ['ichiro.suzuki@data.example', '一郎', '鈴木', 'データ工業'],
  ],
  ko: [
    ['minsu.kim@samsung.example', '민수', '김', '삼성전자'],
    ['jiyoung.lee@seoul.example', '지영', '이', '서울 로보틱스'],
    ['junho.park@data.example', '준호', '박', '한국데이터'],
  ],
  zh: [
    ['wei.wang@beijing.example', '伟', '王', '北京机器人有限公司'],
    ['fang.li@shanghai.example', '芳', '李', '上海数据科技'],
    ['lei.zhang@shenzhen.example', '磊', '张', '深圳智能制造'],
  ],
  ru: [
    ['ivan.petrov@romashka.example', 'Иван', 'Петров', 'ООО Ромашка'],
    ['olga.smirnova@robots.example', 'Ольга', 'Смирнова', 'Роботы и Данные'],
    ['sergey.kuznetsov@severstal.example', 'Сергей', 'Кузнецов', 'АО Северсталь'],
  ],
  fr: [
    ['rene.lefevre@cafe-ete.example', 'René', 'Lefèvre', 'Café Été'],
    ['soren.kierkegaard@fjord.example', 'Søren', 'Kierkegård', 'Fjord Data ApS'],
    ['jose.munoz@nandu.example', 'José', 'Muñoz', 'Tecnología Ñandú'],
  ],
};

function csv(lang: string, rows = 3): string {
  const people = PEOPLE[lang]!;
  return HEADER + Array.from({ length: rows }, (_, i) => `${people[i % people.length]!.join(',')},owner${i}\n`).join('');
}

async function read(bytes: Buffer, chunk = 7): Promise<CsvEvent[]> {
  const chunks = Array.from({ length: Math.ceil(bytes.length / chunk) }, (_, i) => bytes.subarray(i * chunk, (i + 1) * chunk));
  const events: CsvEvent[] = [];
  for await (const event of readLeadCsv(chunks)) events.push(event);
  return events;
}

const names = (events: CsvEvent[]) => events.flatMap((e) => (e.kind === 'row' ? [[e.lead.firstName, e.lead.lastName, e.lead.company]] : []));
const expected = (lang: string, rows = 3) => Array.from({ length: rows }, (_, i) => PEOPLE[lang]![i % 3]!.slice(1));

describe('CSV files in other encodings', () => {
  it.each<[string, string, string, string, number]>([
    ['Shift-JIS', 'Shift_JIS', 'ja', 'shift_jis', 3],
    ['EUC-KR', 'EUC-KR', 'ko', 'euc-kr', 3],
    ['GB18030', 'GB18030', 'zh', 'gb18030', 3],
    ['Windows-1251', 'windows-1251', 'ru', 'windows-1251', 3],
    ['Windows-1251, one row', 'windows-1251', 'ru', 'windows-1251', 1],
    ['Windows-1251, 300 rows', 'windows-1251', 'ru', 'windows-1251', 300],
    ['EUC-KR, 300 rows', 'EUC-KR', 'ko', 'euc-kr', 300],
    ['GB18030, 3000 rows (EUC-KR fits its bytes too)', 'GB18030', 'zh', 'gb18030', 3000],
    ['Shift-JIS, 3000 rows', 'Shift_JIS', 'ja', 'shift_jis', 3000],
    ['Windows-1251, 3000 rows', 'windows-1251', 'ru', 'windows-1251', 3000],
    ['Windows-1252, 3000 rows', 'windows-1252', 'fr', 'windows-1252', 3000],
    ['ISO-8859-1, one row', 'ISO-8859-1', 'fr', 'windows-1252', 1],
    ['ISO-8859-1 (read as its superset windows-1252)', 'ISO-8859-1', 'fr', 'windows-1252', 3],
    ['Windows-1252', 'windows-1252', 'fr', 'windows-1252', 3],
  ])('%s decodes to the names it was written with', async (_name, encodeAs, lang, encoding, rows) => {
    const events = await read(iconv.encode(csv(lang, rows), encodeAs));
    expect(events[0]).toMatchObject({ kind: 'header', encoding, unknown: ['crm_owner'] });
    expect(names(events)).toEqual(expected(lang, rows));
    expect(events.at(-1)).toMatchObject({ kind: 'summary', accepted: rows, rejected: 0 });
  });

  it('reads Windows-1252 punctuation (curly quotes, dashes, the euro sign) as such', async () => {
    const text = `${HEADER}rene.lefevre@cafe-ete.example,René,Lefèvre,Café “Été” – Paris,o\nsoren@fjord.example,Søren,Kierkegård,Fjord Data ApS €,o\n`;
    const events = await read(iconv.encode(text, 'windows-1252'));
    expect(events[0]).toMatchObject({ kind: 'header', encoding: 'windows-1252' });
    expect(names(events)).toEqual([
      ['René', 'Lefèvre', 'Café “Été” – Paris'],
      ['Søren', 'Kierkegård', 'Fjord Data ApS €'],
    ]);
  });

  it('decodes a long Shift-JIS file whose detection sample ends inside a character', async () => {
    const bytes = iconv.encode(csv('ja', 3000), 'Shift_JIS');
    // The first chunk is the whole detection sample (64 KiB or more): end it after a lead byte.
    let cut = 64 * 1024;
    while (!iconv.decode(bytes.subarray(0, cut), 'Shift_JIS').endsWith('\uFFFD')) cut++;
    const events: CsvEvent[] = [];
    for await (const event of readLeadCsv([bytes.subarray(0, cut), bytes.subarray(cut)])) events.push(event);
    expect(events[0]).toMatchObject({ kind: 'header', encoding: 'shift_jis' });
    expect(names(events)).toEqual(expected('ja', 3000));
  });

  it.each<[string, string, string]>([
    ['UTF-32LE', 'utf-32le', 'utf-32le'],
    ['UTF-32BE', 'utf-32be', 'utf-32be'],
  ])('%s with a BOM decodes without a phantom row', async (_name, encodeAs, encoding) => {
    const bytes = iconv.encode(csv('ja'), encodeAs, { addBOM: true });
    expect(bytes.subarray(0, 4)).toEqual(Buffer.from(encoding === 'utf-32le' ? [0xff, 0xfe, 0, 0] : [0, 0, 0xfe, 0xff]));
    const events = await read(bytes);
    expect(events[0]).toMatchObject({ kind: 'header', encoding, columns: ['email', 'firstName', 'lastName', 'company', null] });
    expect(names(events)).toEqual(expected('ja'));
    expect(events.at(-1)).toEqual({ kind: 'summary', total: 3, accepted: 3, rejected: 0, blankLines: 0 });
  });

  it('reads UTF-8 whose only non-ASCII character is U+FFFD as UTF-8', async () => {
    const events = await read(Buffer.from(`${HEADER}ann@acme.example,Ann,B\uFFFDrn,Acme,o\n`, 'utf8'));
    expect(events[0]).toMatchObject({ kind: 'header', encoding: 'utf-8' });
  });

  it('reads UTF-8 with and without a BOM as UTF-8', async () => {
    for (const bytes of [Buffer.from(csv('ja')), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csv('ru'))])]) {
      const events = await read(bytes);
      expect(events[0]).toMatchObject({ kind: 'header', encoding: 'utf-8', columns: ['email', 'firstName', 'lastName', 'company', null] });
    }
  });

  it('refuses a file mixing Shift-JIS and Windows-1251 lines, naming the encodings it could be', async () => {
    const bytes = Buffer.concat([iconv.encode(csv('ja', 2), 'Shift_JIS'), iconv.encode(csv('ru', 2).replace(HEADER, ''), 'windows-1251')]);
    const error = await read(bytes).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CsvEncodingError);
    expect(error).toBeInstanceOf(CsvFileError);
    const { candidates, reason } = error as CsvEncodingError;
    expect(candidates.length).toBeGreaterThan(0);
    for (const c of candidates) expect(reason).toContain(c);
    expect(reason).toMatch(/^cannot tell the text encoding for sure: it could be .+\. Save the file as UTF-8/);
  });

  it('refuses a file too short to tell Shift-JIS from its look-alikes, naming them', () => {
    const sample = iconv.encode('email,name\ntaro@x.example,サンプル\n', 'Shift_JIS');
    expect(() => detectEncoding(sample)).toThrow(CsvEncodingError);
    try {
      detectEncoding(sample);
    } catch (e) {
      expect((e as CsvEncodingError).candidates).toContain('Shift_JIS');
    }
  });

  it('reads only the header when asked for it', async () => {
    const header = await readLeadCsvHeader([iconv.encode(csv('ja'), 'Shift_JIS')]);
    expect(header).toMatchObject({ kind: 'header', encoding: 'shift_jis', delimiter: ',', unknown: ['crm_owner'] });
  });
});

describe('looksLikeText', () => {
  it.each<[string, string, boolean]>([
    ['French names', 'René Lefèvre, Café Été, Søren', true],
    ['Russian names', 'Иван Петров, ООО Ромашка', true],
    ['Japanese with Latin', 'Tシャツ 株式会社サンプル', true],
    ['Korean', '서울 로보틱스 삼성전자', true],
    ['GB18030 read as EUC-KR (Hangul and Han in one word)', '굇쑴샙포훙唐掘무鱇', false],
    ['Cyrillic read as Latin-1', 'Èâàí Ïåòðîâ, ÎÎÎ Ðîìàøêà', false],
    ['Latin-1 read as Cyrillic', 'Renй Lefиvre, Cafй Йtй', false],
    ['replacement characters', 'Ren\uFFFD', false],
    ['C1 controls', 'Ren\u0089', false],
    ['Shift-JIS read as Windows-1252', '‘¾˜Y ŽR“c ƒTƒ“ƒvƒ‹', false],
  ])('%s → %s', (_name, text, plausible) => {
    expect(looksLikeText(text)).toBe(plausible);
  });
});
