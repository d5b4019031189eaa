import { parseHeaderBlock } from './mail-headers.js';
import { outOfOffice } from './out-of-office.js';
import { MAX_OUT_OF_OFFICE_DAYS, returnDate } from './return-date.js';

// Saturday 5 December 2026, 10:00 UTC.
const received = new Date('2026-12-05T10:00:00Z');
const auto = parseHeaderBlock('Auto-Submitted: auto-replied');
const none = parseHeaderBlock('');
const day = (d: Date | null) => (d ? `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}` : null);

describe('outOfOffice', () => {
  it.each([
    ['en', 'I am out of the office until Monday with limited access to email.', '2026-12-07'],
    ['en', 'Thanks for your message. I am on vacation and will be back on January 12.', '2027-01-12'],
    ['de', 'Vielen Dank für Ihre Nachricht. Ich bin bis 15.01. nicht im Büro.', '2027-01-15'],
    ['de', 'Ich bin im Urlaub und ab dem 20.12.2026 wieder im Büro.', '2026-12-20'],
    ['fr', "Je suis absente jusqu'au 3 janvier. Pour toute urgence, contactez Paul.", '2027-01-03'],
    ['fr', 'Je suis en congé et serai de retour le 4 janvier.', '2027-01-04'],
    ['es', 'Estoy fuera de la oficina hasta el 8 de enero.', '2027-01-08'],
    ['it', 'Sono fuori ufficio fino al 7 gennaio.', '2027-01-07'],
    ['nl', 'Tot 6 januari ben ik afwezig.', '2027-01-06'],
    ['pt', 'Estou fora do escritório até 9 de janeiro.', '2027-01-09'],
    ['sv', 'Jag är på semester och tillbaka den 10 januari.', '2027-01-10'],
    ['ja', '1月12日まで不在にしております。', '2027-01-12'],
  ])('%s: "%s" is out of office until %s', (language, text, until) => {
    const v = outOfOffice('Automatic reply: Quick question', text, auto, received);
    expect(v.outOfOffice).toBe(true);
    expect(day(v.until)).toBe(until);
    expect(v.language).toBe(language);
  });

  it('takes the date after the return cue over a later-named or earlier one ("away from … to …, back on …")', () => {
    const v = outOfOffice('Out of Office', 'I am away from 20 December. I will be back on 4 January. In urgent cases call before 31 January.', none, received);
    expect(day(v.until)).toBe('2027-01-04');
  });

  it('takes the end of a range ("vom 20.12. bis 03.01.")', () => {
    expect(day(outOfOffice('Abwesenheitsnotiz', 'Ich bin vom 20.12. bis 03.01. im Urlaub.', none, received).until)).toBe('2027-01-03');
  });

  it('names no date when the text names none, or only one in the past', () => {
    expect(outOfOffice('Out of Office', 'I am on vacation with limited access to email.', none, received)).toMatchObject({ outOfOffice: true, until: null, reason: expect.stringContaining('no return date') });
    expect(returnDate('I was away since 1 December 2026.', received, 'en')).toBeNull();
  });

  it('caps a return date beyond the limit', () => {
    const back = returnDate('I am on sabbatical until 1 December 2027.', received, 'en');
    expect(back?.capped).toBe(true);
    expect(back!.date.getTime()).toBe(received.getTime() + MAX_OUT_OF_OFFICE_DAYS * 86_400_000);
  });

  it('ignores a time without a day ("at 5pm")', () => {
    expect(returnDate('I am out of the office at 5pm.', received, 'en')).toBeNull();
  });

  it('needs an auto-responder marker: a person who mentions a holiday is replying', () => {
    const v = outOfOffice('Re: Quick question', "I'm on vacation until Monday, but yes, let's talk after.", none, received);
    expect(v).toMatchObject({ outOfOffice: false, automatic: null });
  });

  it('an auto-reply that names no absence is not out of office (a ticket receipt)', () => {
    const v = outOfOffice('Automatic reply: Quick question', 'We received your request and will answer within 2 business days. Ticket #4711.', auto, received);
    expect(v.outOfOffice).toBe(false);
    expect(v.automatic).not.toBeNull();
  });

  it('an absence subject is enough with any text', () => {
    expect(outOfOffice('Out of Office: Quick question', 'Back Monday.', none, received)).toMatchObject({ outOfOffice: true });
    expect(day(outOfOffice('Out of Office: Quick question', 'Back Monday.', none, received).until)).toBe('2026-12-07');
  });

  it('uses the language it is told', () => {
    expect(outOfOffice('Abwesenheitsnotiz', 'Bin weg.', none, received, 'de').language).toBe('de');
  });
});

describe('outOfOffice on Outlook-style notices (subject prefix, Auto-Submitted, X-Auto-Response-Suppress)', () => {
  const outlook = parseHeaderBlock('Auto-Submitted: auto-replied\nX-Auto-Response-Suppress: All');
  it.each([
    ['en', 'Automatic reply: Quick question', 'Thank you for your email. I am out of the office until 14 December with limited access to email. I will reply as soon as I am back.'],
    ['de', 'Automatische Antwort: Kurze Frage', 'Vielen Dank für Ihre Nachricht. Ich bin bis zum 14.12. nicht im Büro und habe nur eingeschränkt Zugriff auf meine E-Mails. Nach meiner Rückkehr melde ich mich bei Ihnen.'],
    ['fr', 'Réponse automatique : Question', "Merci pour votre message. Je suis absent du bureau jusqu'au 14 décembre avec un accès limité à mes e-mails. Je vous répondrai dès mon retour."],
    ['es', 'Respuesta automática: Pregunta', 'Gracias por su mensaje. Estoy fuera de la oficina hasta el 14 de diciembre, con acceso limitado al correo. Le responderé a mi regreso.'],
    ['it', 'Risposta automatica: Domanda', 'Grazie per il suo messaggio. Sono fuori ufficio fino al 14 dicembre con accesso limitato alla posta. Le risponderò al mio rientro.'],
    ['nl', 'Automatisch antwoord: Vraag', 'Bedankt voor uw bericht. Ik ben tot en met 14 december afwezig en lees mijn e-mail beperkt. Na mijn terugkomst neem ik contact met u op.'],
    ['pt', 'Resposta automática: Pergunta', 'Obrigado pela sua mensagem. Estou fora do escritório até 14 de dezembro, com acesso limitado ao e-mail. Responderei assim que regressar.'],
  ])('%s: back on 14 December', (language, subject, text) => {
    const v = outOfOffice(subject, text, outlook, received);
    expect(v).toMatchObject({ outOfOffice: true, language });
    expect(day(v.until)).toBe('2026-12-14');
  });
});
