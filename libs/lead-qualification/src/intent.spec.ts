import { compileKeywordLists, detectIntent, foldText, tokenize } from './intent.js';

const matcher = compileKeywordLists({
  buying: ['pricing', 'Request a demo', 'ROI', 'Preise', 'café'],
  tech: ['C++', 'C#', 'Node.js', 'Salesforce'],
  timing: ['Q3', 'next month'],
});

const keywordsOf = (fields: Record<string, string | string[] | undefined>) =>
  detectIntent(fields, matcher).matched.map((m) => `${m.list}:${m.keyword}@${m.field}`);

describe('detectIntent', () => {
  it.each<[string, Record<string, string | string[] | undefined>, string[]]>([
    ['exact word', { notes: 'asked about pricing' }, ['buying:pricing@notes']],
    ['case-insensitive', { notes: 'PRICING please' }, ['buying:pricing@notes']],
    ['word boundary: no match inside a word', { notes: 'repricing and demonstration, roister' }, []],
    ['punctuation is a boundary', { notes: '(pricing)!' }, ['buying:pricing@notes']],
    ['multi-word keyword across punctuation and spacing', { notes: 'Request-a  demo' }, ['buying:Request a demo@notes']],
    ['multi-word keyword needs its words in order', { notes: 'a demo request' }, []],
    ['multi-word keyword at the very end', { notes: 'please request a' }, []],
    ['diacritics in text ignored', { notes: 'Cafe meeting' }, ['buying:café@notes']],
    ['diacritics in keyword and text', { notes: 'CAFÉ' }, ['buying:café@notes']],
    ['German capitals', { notes: 'PREISE anfragen' }, ['buying:Preise@notes']],
    ['C++ and C# are words', { technologies: ['C++', 'C#'] }, ['tech:C++@technologies', 'tech:C#@technologies']],
    ['C does not match C++', { notes: 'we write C and Cplus' }, []],
    ['dotted keyword', { notes: 'node js shop' }, ['tech:Node.js@notes']],
    ['array items do not join into phrases', { technologies: ['next', 'month'] }, []],
    ['each field reported separately, once per field', { title: 'ROI ROI', notes: 'roi' }, ['buying:ROI@title', 'buying:ROI@notes']],
    ['several lists, order of occurrence', { notes: 'next month, pricing for Q3' }, ['timing:next month@notes', 'buying:pricing@notes', 'timing:Q3@notes']],
    ['empty and missing fields', { notes: '', title: undefined }, []],
    ['full-width letters fold (NFKD)', { notes: 'ｐｒｉｃｉｎｇ' }, ['buying:pricing@notes']],
  ])('%s', (_name, fields, expected) => {
    expect(keywordsOf(fields)).toEqual(expected);
  });

  it('handles prototype-named fields and keywords as plain data', () => {
    const m = compileKeywordLists({ constructor: ['toString'] });
    expect(detectIntent({ __proto__: 'x', hasOwnProperty: 'call toString now' } as never, m).matched).toEqual([
      { list: 'constructor', keyword: 'toString', field: 'hasOwnProperty' },
    ]);
    expect(detectIntent({ notes: 'constructor valueOf' }, matcher).matched).toEqual([]);
  });

  it('refuses a keyword with no letters or digits', () => {
    expect(() => compileKeywordLists({ bad: ['+++'] })).toThrow('keyword list "bad": keyword "+++" has no letters or digits');
  });

  it('an empty matcher matches nothing', () => {
    expect(detectIntent({ notes: 'pricing' }, compileKeywordLists({})).matched).toEqual([]);
  });

  it('folds and tokenizes', () => {
    expect(foldText('Straße Øresund ŁÓDŹ Æble')).toBe('strasse oresund lodz aeble');
    expect(tokenize(foldText('C++/C#, Node.js; Q3-2026'))).toEqual(['c++', 'c#', 'node', 'js', 'q3', '2026']);
  });

  // Speed is bench:stages' job (qualification throughput); here only that a long note is read to its end.
  it('finds a keyword at the end of a long note', () => {
    const notes = 'lorem ipsum dolor '.repeat(20_000) + 'pricing';
    expect(keywordsOf({ notes })).toEqual(['buying:pricing@notes']);
  });
});
