import { foldText, phraseMatcher, revenueBandKey, textKey } from './text-match.js';

describe('textKey', () => {
  it.each([
    ['Computer Software', 'computer software'],
    ['  Computer-Software  ', 'computer software'],
    ['COMPUTER_SOFTWARE!!', 'computer software'],
    ['Café Crème', 'cafe creme'],
    ['Straße', 'strasse'],
    ['Ørsted Æble', 'orsted aeble'],
    ['İstanbul', 'istanbul'],
    ['C++ / C# / .NET', 'c++ c# net'],
    ['a+b', 'a+ b'],
    ['#pricing', 'pricing'],
    ['Москва', 'москва'],
    ['ﬁnance', 'finance'],
    ['!!!', ''],
    ['', ''],
  ])('%j → %j', (text, key) => {
    expect(textKey(text)).toBe(key);
  });

  it('folds case and diacritics only', () => {
    expect(foldText('Éclair-Déjà')).toBe('eclair-deja');
  });
});

describe('revenueBandKey', () => {
  it.each([
    ['$10M - $50M', '10m-50m'],
    ['10m–50m', '10m-50m'],
    ['€10M to €50M', '10m-50m'],
    ['<$1M', '<1m'],
    ['>$1M', '>1m'],
  ])('%j → %j', (text, key) => {
    expect(revenueBandKey(text)).toBe(key);
  });
});

describe('phraseMatcher', () => {
  const m = phraseMatcher(['pricing', 'Request a Demo', 'C++', 'café']);

  it.each<[string, string | undefined]>([
    ['Please send pricing.', 'pricing'],
    ['PRICING', 'pricing'],
    ['could you request-a-demo?', 'Request a Demo'],
    ['we write c++ daily', 'C++'],
    ['Cafe owners', 'café'],
    ['repricing our plans', undefined],
    ['a demonstration please', undefined],
    ['request a', undefined],
    ['', undefined],
  ])('in %j finds %j', (text, found) => {
    expect(m.find([foldText(text)])).toBe(found);
    expect(m.has([foldText(text)])).toBe(found !== undefined);
  });

  it('never joins the last word of one item with the first of the next', () => {
    const techs = ['Salesforce Sales', 'Cloud Platform'].map(foldText);
    expect(phraseMatcher(['sales cloud']).find(techs)).toBeUndefined();
    expect(phraseMatcher(['cloud platform']).find(techs)).toBe('cloud platform');
  });

  it('all needs every phrase', () => {
    const all = phraseMatcher(['pricing', 'demo']);
    expect(all.all([foldText('pricing and a demo')])).toBe(true);
    expect(all.all([foldText('a demo'), foldText('pricing')])).toBe(true);
    expect(all.all([foldText('pricing only')])).toBe(false);
    expect(phraseMatcher([]).all([foldText('anything')])).toBe(false);
  });

  // Reference: a phrase is found exactly when its words are a run of the text's words.
  const byWords = (phrase: string, text: string) => ` ${textKey(text)} `.includes(` ${textKey(phrase)} `);
  const texts = [
    'c++ developer', 'c++developer', 'c+++', 'c+ + developer', 'we use c# and .net', 'a+b', 'pricing+ demo', 'pricing +demo',
    'x#pricing', '#pricing', 'request-a-demo!', 'Request a  Demo', 'demonstrate', 'Café crème', 'PREISE', 'c', 'c+',
  ];
  const phrases = ['c++', 'c', 'c++ developer', 'c developer', 'developer', 'c#', 'net', 'a+', 'a', 'b', 'pricing demo', 'pricing', 'request a demo', 'demo', 'cafe creme', 'preise', 'c+'];
  it.each(texts.flatMap((text) => phrases.map((phrase) => [phrase, text] as const)))('%j in %j agrees with comparing words', (phrase, text) => {
    expect(phraseMatcher([phrase]).has([foldText(text)])).toBe(byWords(phrase, text));
  });

  it('quotes regex characters in phrases', () => {
    expect(phraseMatcher(['c++']).find([foldText('cc')])).toBeUndefined();
    expect(phraseMatcher(['c#']).find([foldText('c')])).toBeUndefined();
    expect(phraseMatcher(['a.b']).find([foldText('axb')])).toBeUndefined();
  });
});
