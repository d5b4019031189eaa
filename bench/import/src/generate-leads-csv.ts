import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

/**
 * Synthetic B2B lead CSV for the import benchmark, written as a stream (memory stays flat whatever the row count).
 *
 * Every row is a pure function of (seed, row index), so a duplicate can re-derive the email of an earlier row
 * without keeping it. Row kinds:
 * - ~1% invalid (bad email, no email, two @, employee range, unknown country, control character). All of them keep
 *   the 11 columns, so the baseline `COPY ... (FORMAT csv)` of the same file accepts every row;
 * - ~2% duplicates: the email of an earlier valid row with different letter case (same lead after normalisation);
 * - the rest distinct valid leads. Some cells are quoted (commas in company names, titles, "1,200" head counts)
 *   and some names are non-ASCII, as in real CRM exports. Every domain is under the reserved .example TLD.
 */
export interface GenerateOptions {
  path: string;
  rows: number;
  /** Distinct companies (and email domains) the leads are spread over. */
  companies: number;
  seed: number;
}

export interface GenerateResult {
  path: string;
  rows: number;
  bytes: number;
  /** Rows libs/lead-intake must accept: distinct + duplicates. */
  expectedValid: number;
  expectedInvalid: number;
  /** Distinct normalised emails, i.e. leads in an empty database after the import. */
  expectedDistinct: number;
  duplicates: number;
  seconds: number;
}

export const CSV_HEADER = ['Email', 'First Name', 'Last Name', 'Title', 'Company', 'Company Domain', 'Industry', 'Employees', 'Country', 'City', 'Technologies'];

const FIRST = ['Anna', 'Ben', 'Chloé', 'Dmitri', 'Emeka', 'Fatima', 'Giulia', 'Hiro', 'Inès', 'Jonas', 'Kavya', 'Lucas', 'Mei', 'Noah', 'Olga', 'Pedro', 'Quentin', 'Rahul', 'Sofia', 'Tomás', 'Ulrike', 'Valentin', 'Wen', 'Yuki', 'Zoë', 'Amir', 'Beatriz', 'Carlos', 'Daniela', 'Erik', 'Freya', 'Gustavo', 'Hannah', 'Ivan', 'Julia', 'Kenji', 'Lena', 'Marco', 'Nadia', 'Oscar', 'Priya', 'Rosa', 'Samuel', 'Tara', 'Uma', 'Viktor', 'William', 'Ximena', 'Yusuf', 'Zara', 'Aiko', 'Björn', 'Camille', 'Dario', 'Elif', 'Felix', 'Grace', 'Hugo', 'Isabel', 'Jakob'];
const LAST = ['Schmidt', 'Dubois', 'Miller', 'Patel', 'Silva', 'Tanaka', 'Okafor', 'Rossi', 'Novak', 'García', 'Kowalski', 'Nguyen', 'Jensen', 'Müller', 'Haddad', 'Fischer', 'Sato', 'Iyer', 'Costa', 'Brown', 'Johnson', 'Smith', 'Williams', 'Jones', 'Martin', 'Bernard', 'Moreau', 'Lefèvre', 'Romano', 'Ricci', 'Wagner', 'Becker', 'Hoffmann', 'Kim', 'Lee', 'Park', 'Chen', 'Wang', 'Singh', 'Kumar', 'Ahmed', 'Ali', 'Hansen', 'Nielsen', 'Larsen', 'Andersson', 'Johansson', 'Virtanen', 'Nowak', 'Horvat', 'Popescu', 'Ivanova', 'Yilmaz', 'Demir', 'Cohen', 'Levi', 'Murphy', "O'Brien", 'Walsh', 'Kelly'];
const TITLES = ['VP Sales', 'VP, Sales', 'Head of Marketing', 'CTO', 'Chief Revenue Officer', 'Director of Operations', 'Growth Lead', 'IT Manager', 'Procurement Manager', 'CEO', 'Head of Data', 'Sales Development Rep', 'Marketing Ops Manager', 'Account Executive', 'Director, Demand Generation', 'Product Manager', 'Senior Software Engineer', 'CFO', 'Head of People', 'Customer Success Manager', 'Founder & CEO', 'COO', 'Director of IT', 'Engineering Manager', 'Revenue Operations Lead', 'Head of Partnerships', 'Security Architect', 'Data Engineer', 'Office Manager', 'General Counsel'];
const INDUSTRIES = ['Software', 'Industrial Automation', 'Logistics', 'Food & Beverage', 'Healthcare', 'Fintech', 'Renewable Energy', 'Aerospace', 'Retail', 'Cybersecurity', 'Insurance', 'Media', 'Semiconductors', 'Construction', 'Automotive', 'Agriculture', 'Education', 'Telecommunications', 'Real Estate', 'Pharmaceuticals', 'Hospitality', 'Legal Services', 'Consulting', 'Biotechnology', 'E-commerce'];
const ADJ = ['Acme', 'Nimbus', 'Orbital', 'Helix', 'Quantum', 'Verdant', 'Bluefin', 'Kestrel', 'Lumen', 'Cobalt', 'Meridian', 'Pinecone', 'Tessera', 'Atlas', 'Sakura', 'Rio Verde', 'Northwind', 'Silver', 'Granite', 'Crimson', 'Polar', 'Summit', 'Harbor', 'Vertex', 'Aurora', 'Beacon', 'Cascade', 'Delta', 'Ember', 'Falcon', 'Golden', 'Horizon', 'Ionic', 'Juniper', 'Keystone', 'Lighthouse', 'Mosaic', 'Nova', 'Onyx', 'Prism'];
const NOUN = ['Robotics', 'Logistics', 'Foods', 'Health', 'Ledger', 'Energy', 'Analytics', 'Aero', 'Retail', 'Security', 'Insurance', 'Media', 'Chips', 'Build', 'Mobility', 'Agro', 'Systems', 'Labs', 'Networks', 'Dynamics', 'Works', 'Solutions', 'Partners', 'Capital', 'Cloud', 'Data', 'Devices', 'Foundry', 'Holdings', 'Industries', 'Motors', 'Pharma', 'Software', 'Studio', 'Telecom', 'Therapeutics', 'Ventures', 'Vision', 'Wireless', 'Bio'];
const SUFFIX = ['Inc.', 'GmbH', 'Ltd', 'LLC', 'Group', 'AG', 'SAS', '', '', ''];
const PLACES: Array<[string, string[]]> = [
  ['US', ['New York', 'Austin', 'Boston', 'San Francisco', 'Chicago', 'Seattle', 'Denver', 'Atlanta']],
  ['United States', ['New York', 'Austin', 'Miami']],
  ['DE', ['Berlin', 'Munich', 'Hamburg', 'Köln', 'Frankfurt']],
  ['Germany', ['Berlin', 'Stuttgart']],
  ['GB', ['London', 'Manchester', 'Edinburgh', 'Bristol']],
  ['UK', ['London', 'Leeds']],
  ['FR', ['Paris', 'Lyon', 'Toulouse']],
  ['IN', ['Bengaluru', 'Mumbai', 'Pune']],
  ['BR', ['São Paulo', 'Rio de Janeiro']],
  ['JP', ['Tokyo', 'Osaka']],
  ['NL', ['Amsterdam', 'Rotterdam']],
  ['ES', ['Madrid', 'Barcelona']],
  ['CA', ['Toronto', 'Vancouver', 'Montréal']],
  ['AU', ['Sydney', 'Melbourne']],
  ['SE', ['Stockholm', 'Göteborg']],
  ['PL', ['Warszawa', 'Kraków']],
];
const EMPLOYEES = [3, 8, 12, 25, 45, 80, 150, 320, 750, 1200, 2500, 8000, 15000, 42000, 120000];
const TECH = ['Salesforce', 'HubSpot', 'AWS', 'Google Cloud', 'Azure', 'Snowflake', 'Segment', 'Zendesk', 'Shopify', 'SAP', 'Microsoft Dynamics', 'Marketo', 'Intercom', 'Slack', 'Jira', 'GitHub', 'Datadog', 'Stripe', 'Twilio', 'Okta', 'Workday', 'Tableau', 'Looker', 'MongoDB', 'PostgreSQL', 'Kubernetes', 'React', 'WordPress', 'Gong', 'Outreach'];

const INVALID_RATE = 0.01;
const DUPLICATE_RATE = 0.02;

/** splitmix32-style hash of (seed, index, salt) to a uint32. */
function hash(seed: number, i: number, salt: number): number {
  let x = (Math.imul(i, 0x9e3779b9) ^ Math.imul(seed + salt, 0x85ebca6b)) >>> 0;
  x = Math.imul(x ^ (x >>> 16), 0x7feb352d);
  x = Math.imul(x ^ (x >>> 15), 0x846ca68b);
  return (x ^ (x >>> 16)) >>> 0;
}

const unit = (seed: number, i: number, salt: number) => hash(seed, i, salt) / 4294967296;
const pick = <T>(list: readonly T[], seed: number, i: number, salt: number): T => list[hash(seed, i, salt) % list.length]!;

type Kind = 'valid' | 'invalid' | 'duplicate';

function kindOf(seed: number, i: number): Kind {
  if (i === 0) return 'valid'; // so every duplicate has an earlier valid row to copy
  const r = unit(seed, i, 1);
  if (r < INVALID_RATE) return 'invalid';
  if (r < INVALID_RATE + DUPLICATE_RATE) return 'duplicate';
  return 'valid';
}

const ASCII_CACHE = new Map<string, string>();
function asciiSlug(s: string): string {
  let v = ASCII_CACHE.get(s);
  if (v === undefined) {
    v = s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^a-z0-9]+/g, '');
    ASCII_CACHE.set(s, v);
  }
  return v;
}

function csvCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

interface Company {
  name: string;
  domain: string;
  industry: string;
  employees: number;
  place: [string, string[]];
}

function company(seed: number, c: number): Company {
  const adj = pick(ADJ, seed, c, 11);
  const noun = pick(NOUN, seed, c, 12);
  const suffix = pick(SUFFIX, seed, c, 13);
  // "Acme Robotics, Inc." is quoted in the CSV: a realistic share of the slower quoted-field path.
  const name = suffix === 'Inc.' ? `${adj} ${noun}, Inc.` : suffix ? `${adj} ${noun} ${suffix}` : `${adj} ${noun}`;
  return {
    name,
    domain: `${asciiSlug(adj)}-${asciiSlug(noun)}-${c.toString(36)}.example`,
    industry: pick(INDUSTRIES, seed, c, 14),
    employees: pick(EMPLOYEES, seed, c, 15),
    place: pick(PLACES, seed, c, 16),
  };
}

interface Person {
  email: string;
  first: string;
  last: string;
  company: Company;
}

function person(seed: number, i: number, companies: number): Person {
  const first = pick(FIRST, seed, i, 21);
  const last = pick(LAST, seed, i, 22);
  const co = company(seed, hash(seed, i, 23) % companies);
  return { email: `${asciiSlug(first)}.${asciiSlug(last)}.${i.toString(36)}@${co.domain}`, first, last, company: co };
}

/** The same address in another letter case: a different spelling of the same lead. */
function recase(email: string, variant: number): string {
  switch (variant % 3) {
    case 0:
      return email.toUpperCase();
    case 1:
      return email.replace(/(^|[.@-])([a-z])/g, (_m, sep: string, ch: string) => sep + ch.toUpperCase());
    default: {
      const at = email.indexOf('@');
      return email.slice(0, at) + email.slice(at).toUpperCase();
    }
  }
}

function employeesCell(n: number, seed: number, i: number): string {
  // Some exports group thousands ("1,200", quoted in the CSV); parseEmployeeCount accepts it.
  return n >= 1000 && unit(seed, i, 31) < 0.3 ? n.toLocaleString('en-US') : String(n);
}

function technologies(seed: number, i: number): string {
  const count = hash(seed, i, 41) % 6; // 0..5
  if (count === 0) return '';
  const out: string[] = [];
  for (let k = 0; k < count; k++) {
    const t = pick(TECH, seed, i, 50 + k);
    if (!out.includes(t)) out.push(t);
  }
  return out.join(';');
}

function row(cells: string[]): string {
  let line = '';
  for (let k = 0; k < cells.length; k++) line += (k ? ',' : '') + csvCell(cells[k]!);
  return line + '\n';
}

function validCells(p: Person, seed: number, i: number): string[] {
  const co = p.company;
  const [country, cities] = co.place;
  return [
    p.email,
    p.first,
    p.last,
    unit(seed, i, 61) < 0.03 ? '' : pick(TITLES, seed, i, 62),
    co.name,
    co.domain,
    co.industry,
    employeesCell(co.employees, seed, i),
    country,
    unit(seed, i, 63) < 0.05 ? '' : pick(cities, seed, i, 64),
    technologies(seed, i),
  ];
}

function invalidCells(p: Person, seed: number, i: number): string[] {
  const cells = validCells(p, seed, i);
  switch (hash(seed, i, 71) % 6) {
    case 0:
      cells[0] = p.email.replace('@', '.'); // missing @
      break;
    case 1:
      cells[0] = ''; // no email
      break;
    case 2:
      cells[0] = p.email.replace('@', '@mail@'); // two @
      break;
    case 3:
      cells[7] = '51-200'; // a range, not a head count
      break;
    case 4:
      cells[8] = 'Narnia'; // not a country
      break;
    default:
      cells[4] = `${p.company.name}\x07`; // binary junk (BEL)
  }
  return cells;
}

/** Index of an earlier valid row for duplicate row i. */
function duplicateOf(seed: number, i: number): number {
  let j = Math.floor(unit(seed, i, 81) * i);
  for (let salt = 82; kindOf(seed, j) !== 'valid'; salt++) j = salt < 90 ? Math.floor(unit(seed, i, salt) * i) : j - 1;
  return j;
}

export async function generateLeadsCsv(o: GenerateOptions): Promise<GenerateResult> {
  const started = performance.now();
  const out = createWriteStream(o.path, { highWaterMark: 1 << 20 });
  const closed = once(out, 'close');
  let bytes = 0;
  let valid = 0;
  let invalid = 0;
  let duplicates = 0;
  let chunk = row(CSV_HEADER);
  const write = async (text: string) => {
    bytes += Buffer.byteLength(text);
    if (!out.write(text)) await once(out, 'drain');
  };
  for (let i = 0; i < o.rows; i++) {
    const kind = kindOf(o.seed, i);
    if (kind === 'valid') {
      valid++;
      chunk += row(validCells(person(o.seed, i, o.companies), o.seed, i));
    } else if (kind === 'invalid') {
      invalid++;
      chunk += row(invalidCells(person(o.seed, i, o.companies), o.seed, i));
    } else {
      duplicates++;
      const j = duplicateOf(o.seed, i);
      const p = person(o.seed, j, o.companies);
      const cells = validCells(p, o.seed, i); // same person, other row's title/city/technologies
      cells[0] = recase(p.email, i);
      chunk += row(cells);
    }
    if (chunk.length >= 1 << 20) {
      await write(chunk);
      chunk = '';
    }
  }
  if (chunk) await write(chunk);
  out.end();
  await closed;
  return {
    path: o.path,
    rows: o.rows,
    bytes,
    expectedValid: valid + duplicates,
    expectedInvalid: invalid,
    expectedDistinct: valid,
    duplicates,
    seconds: (performance.now() - started) / 1000,
  };
}
