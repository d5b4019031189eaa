/**
 * Synthetic B2B leads for the stages benchmark, as harvest would have stored them after an import: normalised
 * lower-case emails, ISO country codes, whole employee counts. Every lead is a pure function of (seed, index),
 * and every company of (seed, company number), so a run can be repeated exactly and the DNS server can answer a
 * company's domain without a table.
 *
 * Mix (per lead): ~92% `first.last.N@company-K.example` at the lead's company, ~2% role accounts
 * (`info.N@…`, `sales.N@…`), ~5% free-mail and ~0.7% disposable addresses (the company still set). Titles span
 * every seniority (and some are missing), notes carry buying, timing, opt-out or "student" words for some leads.
 */

export interface BenchLead {
  email: string;
  firstName: string | null;
  lastName: string | null;
  title: string | null;
  company: string | null;
  companyDomain: string | null;
  industry: string | null;
  employeeCount: number | null;
  revenueBand: string | null;
  country: string | null;
  region: string | null;
  city: string | null;
  timeZone: string | null;
  phone: string | null;
  linkedinUrl: string | null;
  website: string | null;
  notes: string | null;
  technologies: string[];
}

const FIRST = ['Anna', 'Ben', 'Chloé', 'Dmitri', 'Emeka', 'Fatima', 'Giulia', 'Hiro', 'Inès', 'Jonas', 'Kavya', 'Lucas', 'Mei', 'Noah', 'Olga', 'Pedro', 'Quentin', 'Rahul', 'Sofia', 'Tomás', 'Ulrike', 'Valentin', 'Wen', 'Yuki', 'Zoë', 'Amir', 'Beatriz', 'Carlos', 'Daniela', 'Erik', 'Freya', 'Gustavo', 'Hannah', 'Ivan', 'Julia', 'Kenji', 'Lena', 'Marco', 'Nadia', 'Oscar', 'Priya', 'Rosa', 'Samuel', 'Tara', 'Uma', 'Viktor', 'William', 'Ximena', 'Yusuf', 'Zara'];
const LAST = ['Schmidt', 'Dubois', 'Miller', 'Patel', 'Silva', 'Tanaka', 'Okafor', 'Rossi', 'Novak', 'García', 'Kowalski', 'Nguyen', 'Jensen', 'Müller', 'Haddad', 'Fischer', 'Sato', 'Iyer', 'Costa', 'Brown', 'Johnson', 'Smith', 'Williams', 'Jones', 'Martin', 'Bernard', 'Moreau', 'Lefèvre', 'Romano', 'Ricci', 'Wagner', 'Becker', 'Hoffmann', 'Kim', 'Lee', 'Park', 'Chen', 'Wang', 'Singh', 'Kumar', 'Ahmed', 'Ali', 'Hansen', 'Nielsen', 'Larsen', 'Andersson', 'Nowak', 'Yilmaz', 'Murphy', "O'Brien"];

// Titles by seniority, with the share of leads each band gets (the rest have no title).
const TITLE_BANDS: Array<[number, string[]]> = [
  [0.06, ['CEO', 'CTO', 'CFO', 'COO', 'Chief Revenue Officer', 'Chief Marketing Officer', 'Founder & CEO', 'Chief Information Officer']],
  [0.08, ['VP Sales', 'VP Marketing', 'VP of Engineering', 'Vice President, Customer Success', 'VP Operations', 'SVP Revenue']],
  [0.1, ['Head of Marketing', 'Head of Sales', 'Head of Data', 'Head of People', 'Head of Partnerships', 'Head of Growth']],
  [0.12, ['Director of Operations', 'Director, Demand Generation', 'Director of IT', 'Sales Director', 'Marketing Director', 'Director of Finance']],
  [0.2, ['IT Manager', 'Procurement Manager', 'Marketing Ops Manager', 'Engineering Manager', 'Customer Success Manager', 'Sales Manager', 'Office Manager']],
  [0.36, ['Account Executive', 'Sales Development Rep', 'Senior Software Engineer', 'Data Engineer', 'Security Architect', 'Business Analyst', 'Growth Marketer', 'Accountant', 'Designer', 'Recruiter']],
  [0.02, ['Intern', 'Student Assistant', 'Working Student']],
];
const INDUSTRIES = ['Software', 'Software', 'Computer Software', 'SaaS', 'Internet', 'Information Technology and Services', 'Cloud Infrastructure', 'Industrial Automation', 'Logistics', 'Food & Beverage', 'Healthcare', 'Fintech', 'Renewable Energy', 'Aerospace', 'Retail', 'Cybersecurity', 'Insurance', 'Media', 'Semiconductors', 'Construction', 'Automotive', 'Education', 'Telecommunications', 'Real Estate', 'Pharmaceuticals', 'Hospitality', 'Legal Services', 'Consulting', 'Gambling'];
const ADJ = ['Acme', 'Nimbus', 'Orbital', 'Helix', 'Quantum', 'Verdant', 'Bluefin', 'Kestrel', 'Lumen', 'Cobalt', 'Meridian', 'Pinecone', 'Tessera', 'Atlas', 'Sakura', 'Northwind', 'Granite', 'Crimson', 'Polar', 'Summit', 'Harbor', 'Vertex', 'Aurora', 'Beacon', 'Cascade'];
const NOUN = ['Robotics', 'Logistics', 'Foods', 'Health', 'Ledger', 'Energy', 'Analytics', 'Aero', 'Retail', 'Security', 'Systems', 'Labs', 'Networks', 'Dynamics', 'Works', 'Solutions', 'Cloud', 'Data', 'Devices', 'Software'];
const SUFFIX = ['Inc.', 'GmbH', 'Ltd', 'LLC', 'Group', 'AG', 'SAS', '', '', ''];
// [ISO country, cities, IANA zone, relative weight]
const PLACES: Array<[string, string[], string, number]> = [
  ['US', ['New York', 'Austin', 'Boston', 'San Francisco', 'Chicago', 'Seattle'], 'America/New_York', 30],
  ['DE', ['Berlin', 'Munich', 'Hamburg', 'Köln'], 'Europe/Berlin', 12],
  ['GB', ['London', 'Manchester', 'Edinburgh'], 'Europe/London', 10],
  ['FR', ['Paris', 'Lyon', 'Toulouse'], 'Europe/Paris', 7],
  ['IN', ['Bengaluru', 'Mumbai', 'Pune'], 'Asia/Kolkata', 7],
  ['BR', ['São Paulo', 'Rio de Janeiro'], 'America/Sao_Paulo', 5],
  ['JP', ['Tokyo', 'Osaka'], 'Asia/Tokyo', 4],
  ['NL', ['Amsterdam', 'Rotterdam'], 'Europe/Amsterdam', 4],
  ['ES', ['Madrid', 'Barcelona'], 'Europe/Madrid', 4],
  ['CA', ['Toronto', 'Vancouver', 'Montréal'], 'America/Toronto', 5],
  ['AU', ['Sydney', 'Melbourne'], 'Australia/Sydney', 4],
  ['SE', ['Stockholm', 'Göteborg'], 'Europe/Stockholm', 3],
  ['PL', ['Warszawa', 'Kraków'], 'Europe/Warsaw', 3],
  ['MX', ['Ciudad de México', 'Monterrey'], 'America/Mexico_City', 2],
];
const PLACE_WEIGHT = PLACES.reduce((a, p) => a + p[3], 0);
const EMPLOYEES = [3, 8, 12, 25, 45, 80, 150, 320, 750, 1200, 2500, 8000, 15000, 42000, 120000];
const REVENUE = ['<$1M', '$1M-$10M', '$10M-$50M', '$50M-$100M', '$100M-$500M', '$500M+'];
const TECH = ['Salesforce', 'HubSpot', 'AWS', 'Google Cloud', 'Azure', 'Snowflake', 'Segment', 'Zendesk', 'Shopify', 'SAP', 'Marketo', 'Intercom', 'Slack', 'Jira', 'GitHub', 'Datadog', 'Stripe', 'Twilio', 'Okta', 'Workday', 'Outreach', 'Pipedrive'];
const ROLES = ['info', 'sales', 'contact', 'hello', 'support', 'marketing', 'office', 'admin'];
const FREE_MAIL = ['gmail.com', 'yahoo.com', 'outlook.com', 'hotmail.com', 'gmx.de', 'web.de', 'proton.me'];
const DISPOSABLE = ['mailinator.com', 'yopmail.com', 'guerrillamail.com'];
const BUYING_NOTES = ['asked for pricing after the webinar', 'requested a demo for the sales team', 'evaluating vendors, wants a quote', 'trial user, asked about the proposal', 'contract renewal with current vendor, looking to replace it'];
const TIMING_NOTES = ['wants to follow up next month', 'budget approved for Q3', 'decision this quarter'];
const OPT_OUT_NOTES = ['not interested, remove me from lists', 'asked us to stop emailing'];
const STUDENT_NOTES = ['student looking for a job', 'intern, writing a thesis on sales tools'];

/** splitmix32-style hash of (seed, index, salt) to a uint32. */
export function hash(seed: number, i: number, salt: number): number {
  let x = (Math.imul(i, 0x9e3779b9) ^ Math.imul(seed + salt, 0x85ebca6b)) >>> 0;
  x = Math.imul(x ^ (x >>> 16), 0x7feb352d);
  x = Math.imul(x ^ (x >>> 15), 0x846ca68b);
  return (x ^ (x >>> 16)) >>> 0;
}
const unit = (seed: number, i: number, salt: number) => hash(seed, i, salt) / 4294967296;
const pick = <T>(list: readonly T[], seed: number, i: number, salt: number): T => list[hash(seed, i, salt) % list.length]!;
// Names go into email local parts as plain ASCII, as people write them there.
const ascii = (s: string) => s.normalize('NFD').replace(/[^A-Za-z]/g, '').toLowerCase();

export const companyDomain = (k: number) => `company-${k}.example`;

/** The company number of a generated domain, or undefined for any other name. */
export function companyNumberOf(domain: string): number | undefined {
  const m = /^company-(\d+)\.example$/.exec(domain);
  return m ? Number(m[1]) : undefined;
}

export type DomainMail = 'mx' | 'a-only' | 'nxdomain' | 'servfail';

/** What DNS says about company K's domain: ~90% MX, ~5% A only, ~3% NXDOMAIN, ~2% SERVFAIL. */
export function companyMail(seed: number, k: number): DomainMail {
  const p = hash(seed, k, 77) % 100;
  return p < 90 ? 'mx' : p < 95 ? 'a-only' : p < 98 ? 'nxdomain' : 'servfail';
}

interface Company {
  name: string;
  domain: string;
  industry: string | null;
  employees: number | null;
  revenue: string | null;
  place: (typeof PLACES)[number] | null;
  technologies: string[];
}

function company(seed: number, k: number): Company {
  const s = seed + 1000;
  const suffix = pick(SUFFIX, s, k, 3);
  let w = unit(s, k, 4) * PLACE_WEIGHT;
  let place: Company['place'] = PLACES[PLACES.length - 1]!;
  for (const p of PLACES) if ((w -= p[3]) < 0) { place = p; break; }
  const technologies: string[] = [];
  for (let t = 0, n = hash(s, k, 5) % 5; t < n; t++) {
    const tech = pick(TECH, s, k, 10 + t);
    if (!technologies.includes(tech)) technologies.push(tech);
  }
  return {
    name: `${pick(ADJ, s, k, 1)} ${pick(NOUN, s, k, 2)}${suffix ? ' ' + suffix : ''}`,
    domain: companyDomain(k),
    industry: unit(s, k, 6) < 0.04 ? null : pick(INDUSTRIES, s, k, 7),
    employees: unit(s, k, 8) < 0.05 ? null : pick(EMPLOYEES, s, k, 9),
    revenue: unit(s, k, 20) < 0.4 ? null : pick(REVENUE, s, k, 21),
    place: unit(s, k, 22) < 0.03 ? null : place,
    technologies,
  };
}

/** Lead number i of n, at one of `domains` companies. */
export function benchLead(seed: number, i: number, domains: number): BenchLead {
  const k = hash(seed, i, 1) % domains;
  const c = company(seed, k);
  const first = pick(FIRST, seed, i, 2);
  const last = pick(LAST, seed, i, 3);
  const local = `${ascii(first)}.${ascii(last)}.${i}`;

  const kind = unit(seed, i, 4);
  let email: string;
  let firstName: string | null = first;
  let lastName: string | null = last;
  if (kind < 0.02) {
    email = `${pick(ROLES, seed, i, 5)}.${i}@${c.domain}`;
    firstName = null;
    lastName = null;
  } else if (kind < 0.07) email = `${local}@${pick(FREE_MAIL, seed, i, 6)}`;
  else if (kind < 0.077) email = `${local}@${pick(DISPOSABLE, seed, i, 7)}`;
  else email = `${local}@${c.domain}`;

  let title: string | null = null;
  let t = unit(seed, i, 8);
  for (const [share, titles] of TITLE_BANDS) {
    if ((t -= share) < 0) {
      title = pick(titles, seed, i, 9);
      break;
    }
  }
  if (firstName === null) title = null;

  const n = unit(seed, i, 10);
  const notes =
    n < 0.12 ? pick(BUYING_NOTES, seed, i, 11) : n < 0.15 ? pick(TIMING_NOTES, seed, i, 11) : n < 0.165 ? pick(OPT_OUT_NOTES, seed, i, 11) : n < 0.175 ? pick(STUDENT_NOTES, seed, i, 11) : null;
  const place = c.place;
  return {
    email,
    firstName,
    lastName,
    title,
    company: c.name,
    companyDomain: c.domain,
    industry: c.industry,
    employeeCount: c.employees,
    revenueBand: c.revenue,
    country: place ? place[0] : null,
    region: null,
    city: place ? pick(place[1], seed, i, 12) : null,
    timeZone: place && unit(seed, i, 13) < 0.3 ? place[2] : null,
    phone: unit(seed, i, 14) < 0.4 ? `+1 555 ${String(i % 10_000_000).padStart(7, '0')}` : null,
    linkedinUrl: firstName && unit(seed, i, 15) < 0.5 ? `https://www.linkedin.com/in/${local.replace(/\./g, '-')}` : null,
    website: `https://www.${c.domain}`,
    notes,
    technologies: c.technologies,
  };
}

/** Free-mail and disposable domains the generator uses: the DNS server gives them an MX. */
export const MAILBOX_PROVIDER_DOMAINS: ReadonlySet<string> = new Set([...FREE_MAIL, ...DISPOSABLE]);
