import { RecordSkipper } from './csv-skip.js';

const COMMA = 0x2c;
const feed = (text: string) => {
  const skipper = new RecordSkipper(COMMA);
  return { end: skipper.feed(Buffer.from(text)), skipper };
};

describe('RecordSkipper', () => {
  it.each([
    ['a,b\nnext', 4, 0],
    ['a,b\r\nnext', 5, 0],
    ['a,b\rnext', 4, 0],
    ['"x\ny",b\nnext', 8, 1],
    ['"x\r\ny\rz",b\nnext', 11, 2],
    ['"say ""hi""\n",b\nnext', 16, 1],
    ['ab"c\nnext', 5, 0], // a quote inside an unquoted field is a plain character
    ['"a"b\nnext', 5, 0], // text after a closing quote: unquoted again
    [' "a\nb",c\n', 4, 0], // a quote after a space does not open a quoted field
  ])('finds the end of %j at %d with %d inner line breaks', (text, end, breaks) => {
    const result = feed(text);
    expect(result.end).toBe(end);
    expect(result.skipper.lineBreaks).toBe(breaks);
  });

  it('goes on across chunks and reports an open quote', () => {
    const skipper = new RecordSkipper(COMMA);
    expect(skipper.feed(Buffer.from('"open\n'))).toBe(-1);
    expect(skipper.inQuotes).toBe(true);
    expect(skipper.feed(Buffer.from('still\r'))).toBe(-1);
    expect(skipper.feed(Buffer.from('\n",x\rrest'))).toBe(5);
    expect(skipper.lineBreaks).toBe(2);
    expect(skipper.inQuotes).toBe(false);
  });

  it('flags a record that ends on a CR at the end of a chunk', () => {
    const { end, skipper } = feed('a,b\r');
    expect(end).toBe(4);
    expect(skipper.endedOnCr).toBe(true);
  });
});
