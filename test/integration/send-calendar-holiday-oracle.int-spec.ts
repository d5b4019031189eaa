import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { holidayName } from '#libs/send-calendar';
import { findOrInstallPythonTool } from '../../tools/python-venv/src/python-venv.js';

/**
 * The send calendar's "is this local date a public holiday" decision (date-holidays underneath) against an
 * independent implementation, Python's `holidays` (pinned, in a cached venv), for 15 countries and 7 regions over
 * 2026–2028, every date. Both sides' public category only. Each difference must be explained in
 * holiday-oracle/known-differences.json, and each explanation must still match a difference (no stale entries).
 */

const PYTHON_HOLIDAYS = { pip: 'holidays', version: '0.109' };
const PLACES = ['ES', 'ES-MD', 'DE', 'DE-BY', 'FR', 'GB', 'GB-SCT', 'US', 'US-CA', 'BR', 'BR-SP', 'IN', 'JP', 'AU', 'AU-NSW', 'NZ', 'IT', 'NL', 'MX', 'CA', 'CA-ON', 'PL'];
const YEARS = [2026, 2027, 2028];
const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

interface KnownDifference {
  places: string[];
  only: 'date-holidays' | 'python-holidays';
  dates?: string[];
  match?: string;
  reason: string;
}

interface Difference {
  place: string;
  date: string;
  only: KnownDifference['only'];
  name: string;
}

function pythonHolidays(python: string): Promise<{ version: string; holidays: Record<string, Record<string, string>> }> {
  return new Promise((resolve, reject) => {
    const child = spawn(python, [here('./holiday-oracle/python_public_holidays.py')], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`python holidays failed (${code}): ${err.slice(-2000)}`))));
    child.stdin.end(JSON.stringify({ places: PLACES, years: YEARS }));
  });
}

const explains = (k: KnownDifference, d: Difference) =>
  k.places.includes(d.place) && k.only === d.only && (!k.dates || k.dates.includes(d.date)) && (!k.match || new RegExp(k.match).test(d.name));

describe('public holidays against Python holidays (independent oracle)', () => {
  test('the calendar agrees with python-holidays on every date of 2026–2028 but the listed, explained differences', async () => {
    const python = await findOrInstallPythonTool(PYTHON_HOLIDAYS, (line) => process.stderr.write(`${line}\n`));
    const oracle = await pythonHolidays(python);
    expect(oracle.version).toBe(PYTHON_HOLIDAYS.version);
    const known = JSON.parse(readFileSync(here('./holiday-oracle/known-differences.json'), 'utf8')) as KnownDifference[];

    const differences: Difference[] = [];
    let agreedHolidays = 0;
    for (const place of PLACES) {
      const [country] = place.split('-');
      const region = place.includes('-') ? place : null;
      const theirs = oracle.holidays[place]!;
      expect(Object.keys(theirs).length).toBeGreaterThan(10);
      for (let ms = Date.UTC(YEARS[0]!, 0, 1); ms < Date.UTC(YEARS.at(-1)! + 1, 0, 1); ms += 86_400_000) {
        const date = new Date(ms).toISOString().slice(0, 10);
        const ours = holidayName(country, region, date);
        const their = theirs[date];
        if (ours !== null && their !== undefined) agreedHolidays++;
        else if (ours !== null) differences.push({ place, date, only: 'date-holidays', name: ours });
        else if (their !== undefined) differences.push({ place, date, only: 'python-holidays', name: their });
      }
    }

    expect(differences.filter((d) => !known.some((k) => explains(k, d)))).toEqual([]);
    expect(known.filter((k) => !differences.some((d) => explains(k, d))).map((k) => k.reason)).toEqual([]);
    expect(known.every((k) => k.reason.length > 20 && (k.dates !== undefined || k.match !== undefined))).toBe(true);
    // The agreement is the point: most holidays of most places match date for date.
    expect(agreedHolidays).toBeGreaterThan(600);
    expect(differences.length).toBeLessThan(agreedHolidays / 5);
  }, 300_000);
});
