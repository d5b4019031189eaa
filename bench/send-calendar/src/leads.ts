import type { SendSlotRequest, WeeklySendWindow } from '#libs/contracts';
import { DEFAULT_SEND_WINDOW } from '#libs/contracts';

/** Varied, seeded next-slot requests: zones on every continent (DST north and south, half-hour zones), national
 *  and regional holidays, several window shapes, blackout lists, cadence on half of them. */

const PLACES: { timeZone: string; country: string | null; region: string | null }[] = [
  { timeZone: 'Europe/Madrid', country: 'ES', region: 'ES-MD' },
  { timeZone: 'Europe/Berlin', country: 'DE', region: 'DE-BY' },
  { timeZone: 'Europe/London', country: 'GB', region: null },
  { timeZone: 'Europe/Paris', country: 'FR', region: null },
  { timeZone: 'America/New_York', country: 'US', region: 'US-NY' },
  { timeZone: 'America/Los_Angeles', country: 'US', region: 'US-CA' },
  { timeZone: 'America/Sao_Paulo', country: 'BR', region: 'BR-SP' },
  { timeZone: 'America/Mexico_City', country: 'MX', region: null },
  { timeZone: 'America/Toronto', country: 'CA', region: 'CA-ON' },
  { timeZone: 'Asia/Kolkata', country: 'IN', region: null },
  { timeZone: 'Asia/Tokyo', country: 'JP', region: null },
  { timeZone: 'Australia/Sydney', country: 'AU', region: 'AU-NSW' },
  { timeZone: 'Australia/Lord_Howe', country: 'AU', region: null },
  { timeZone: 'Pacific/Auckland', country: 'NZ', region: null },
  { timeZone: 'Africa/Cairo', country: 'EG', region: null },
  { timeZone: 'Europe/Warsaw', country: 'PL', region: null },
  { timeZone: 'UTC', country: null, region: null },
];

const EVERY_DAY: WeeklySendWindow = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, { start: '00:00', end: '24:00' }]));
const WINDOWS: WeeklySendWindow[] = [
  DEFAULT_SEND_WINDOW,
  DEFAULT_SEND_WINDOW,
  EVERY_DAY,
  { tue: { start: '10:00', end: '12:00' }, wed: { start: '10:00', end: '12:00' }, thu: { start: '14:30', end: '16:45' } },
  { mon: { start: '08:00', end: '18:00' }, fri: { start: '08:00', end: '13:00' }, sat: { start: '09:00', end: '11:00' } },
];
const BLACKOUTS = [[], [], ['2026-12-24', '2026-12-31', '2027-12-24', '2027-12-31', '2028-12-24'], ['2027-08-02', '2027-08-03', '2027-08-04']];

const FROM = Date.UTC(2026, 0, 1);
const TO = Date.UTC(2029, 0, 1);

/** mulberry32: a seeded generator, so two runs time the same requests. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function makeRequests(count: number, seed: number): SendSlotRequest[] {
  const rnd = random(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;
  const requests: SendSlotRequest[] = [];
  for (let i = 0; i < count; i++) {
    const place = pick(PLACES);
    const notBefore = FROM + Math.floor(rnd() * (TO - FROM));
    const cadence = rnd() < 0.5 ? { from: new Date(notBefore - Math.floor(rnd() * 10) * 86_400_000).toISOString(), days: pick([3, 4, 7, 7]) } : undefined;
    // Each request is its own deserialised object, as a local activity receives it: no shared window objects.
    requests.push(
      JSON.parse(
        JSON.stringify({
          calendar: { ...place, timeZoneSource: 'lead', window: pick(WINDOWS), blackoutDates: pick(BLACKOUTS), jitterSeconds: 900 },
          notBefore: new Date(notBefore).toISOString(),
          ...(cadence ? { businessDaysAfter: cadence } : {}),
          jitterKey: `enr-${i}/${i % 5}`,
        }),
      ) as SendSlotRequest,
    );
  }
  return requests;
}
