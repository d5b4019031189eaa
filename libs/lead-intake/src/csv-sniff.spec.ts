import { CsvFileError } from './csv-file-error.js';
import { detectEncoding, sniffDelimiter } from './csv-sniff.js';

describe('detectEncoding', () => {
  it.each<[string, Buffer, string, number]>([
    ['UTF-8 BOM', Buffer.from('\uFEFFemail'), 'utf-8', 3],
    ['UTF-16LE BOM', Buffer.from([0xff, 0xfe, 0x65, 0]), 'utf-16le', 2],
    ['UTF-16BE BOM', Buffer.from([0xfe, 0xff, 0, 0x65]), 'utf-16be', 2],
    ['UTF-16LE without BOM', Buffer.from('email,name\r\n', 'utf16le'), 'utf-16le', 0],
    ['UTF-16BE without BOM', Buffer.from('email,name\r\n', 'utf16le').swap16(), 'utf-16be', 0],
    ['plain ASCII', Buffer.from('email,name\n'), 'utf-8', 0],
    ['valid UTF-8', Buffer.from('email,name\nmüller@x.example,Jürgen\n'), 'utf-8', 0],
    ['UTF-8 cut inside a character', Buffer.from('email,name\nü').subarray(0, 12), 'utf-8', 0],
    ['Windows-1252 bytes', Buffer.from('email,name\nrene@x.example,René\n', 'latin1'), 'windows-1252', 0],
    ['mostly UTF-8 with one bad byte', Buffer.concat([Buffer.from('email,name\nü,'), Buffer.from([0xff])]), 'utf-8', 0],
    ['UTF-32LE BOM', Buffer.from([0xff, 0xfe, 0, 0, 0x65, 0, 0, 0]), 'utf-32le', 4],
    ['UTF-32BE BOM', Buffer.from([0, 0, 0xfe, 0xff, 0, 0, 0, 0x65]), 'utf-32be', 4],
    ['UTF-8 whose only non-ASCII character is U+FFFD', Buffer.from('email,name\nb@x.example,B\uFFFDrn\n'), 'utf-8', 0],
    ['a few NUL bytes in text', Buffer.from(`email,name\n${'a@x.example,Ann\0\n'.repeat(10)}`), 'utf-8', 0],
  ])('%s', (_name, sample, encoding, bomLength) => {
    expect(detectEncoding(sample)).toEqual({ encoding, bomLength });
  });

  it.each<[string, Buffer, string]>([
    ['an .xlsx (ZIP)', Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2]), 'ZIP archive'],
    ['an old .xls', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 1, 2]), 'old Office file'],
    ['a PNG', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a]), 'PNG image'],
    ['control bytes', Buffer.from([1, 2, 3, 4, 65, 66, 67]), '% of the first 7 bytes are control characters'],
  ])('refuses %s', (_name, sample, reason) => {
    expect(() => detectEncoding(sample)).toThrow(CsvFileError);
    expect(() => detectEncoding(sample)).toThrow(reason);
  });
});

describe('sniffDelimiter', () => {
  it.each([
    ['email,first_name,company\n', ','],
    ['email;first_name;company\r\n', ';'],
    ['email\tfirst_name\tcompany\n', '\t'],
    ['email|first_name|company\n', '|'],
    ['email\n', ','],
    ['\n\nemail;name\n', ';'],
    ['"a,b,c";"d,e";f\n', ';'],
    ['email;name,with,commas\nx,y,z,w,v\n', ','],
    ['a,b;c\n', ','],
  ])('%j → %j', (header, delimiter) => {
    expect(sniffDelimiter(Buffer.from(header))).toBe(delimiter);
  });
});
