/** What a simulated lead writes back, in the languages engagement's out-of-office detection covers. */
export const REPLY_LANGUAGES = ['en', 'de', 'fr', 'es', 'it', 'nl', 'pt'] as const;
export type ReplyLanguage = (typeof REPLY_LANGUAGES)[number];

/** A calendar date (the return date), kept apart from any time zone. */
export interface CalendarDate {
  year: number;
  month: number; // 1–12
  day: number;
}

const MONTHS: Record<ReplyLanguage, readonly string[]> = {
  en: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
  de: ['Januar', 'Februar', 'März', 'April', 'Mai', 'Juni', 'Juli', 'August', 'September', 'Oktober', 'November', 'Dezember'],
  fr: ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'],
  es: ['enero', 'febrero', 'marzo', 'abril', 'mayo', 'junio', 'julio', 'agosto', 'septiembre', 'octubre', 'noviembre', 'diciembre'],
  it: ['gennaio', 'febbraio', 'marzo', 'aprile', 'maggio', 'giugno', 'luglio', 'agosto', 'settembre', 'ottobre', 'novembre', 'dicembre'],
  nl: ['januari', 'februari', 'maart', 'april', 'mei', 'juni', 'juli', 'augustus', 'september', 'oktober', 'november', 'december'],
  pt: ['janeiro', 'fevereiro', 'março', 'abril', 'maio', 'junho', 'julho', 'agosto', 'setembro', 'outubro', 'novembro', 'dezembro'],
};

/** An interested answer, as a lead would write it. */
export const INTERESTED_REPLY: Record<ReplyLanguage, string> = {
  en: 'Thanks — this looks relevant. Could we talk next week?',
  de: 'Danke – das klingt relevant. Können wir nächste Woche sprechen?',
  fr: 'Merci, cela semble pertinent. Pourrions-nous en parler la semaine prochaine ?',
  es: 'Gracias, parece relevante. ¿Podemos hablar la próxima semana?',
  it: 'Grazie, sembra interessante. Possiamo sentirci la prossima settimana?',
  nl: 'Bedankt, dit lijkt relevant. Kunnen we volgende week even bellen?',
  pt: 'Obrigado, parece relevante. Podemos falar na próxima semana?',
};

/**
 * An out-of-office answer naming the return date the way people (and mail clients' templates) write it in that
 * language: "until 14 December", "bis zum 14.12.", "jusqu'au 14 décembre"…
 */
export function outOfOfficeText(language: ReplyLanguage, until: CalendarDate): string {
  const month = MONTHS[language][until.month - 1]!;
  switch (language) {
    case 'en':
      return `Thank you for your email. I am out of the office until ${until.day} ${month} with limited access to email. I will reply as soon as I am back.`;
    case 'de':
      return `Vielen Dank für Ihre Nachricht. Ich bin bis zum ${until.day}.${until.month}. nicht im Büro und habe nur eingeschränkt Zugriff auf meine E-Mails. Nach meiner Rückkehr melde ich mich bei Ihnen.`;
    case 'fr':
      return `Merci pour votre message. Je suis absent du bureau jusqu'au ${until.day} ${month} avec un accès limité à mes e-mails. Je vous répondrai dès mon retour.`;
    case 'es':
      return `Gracias por su mensaje. Estoy fuera de la oficina hasta el ${until.day} de ${month}, con acceso limitado al correo. Le responderé a mi regreso.`;
    case 'it':
      return `Grazie per il suo messaggio. Sono fuori ufficio fino al ${until.day} ${month} con accesso limitato alla posta. Le risponderò al mio rientro.`;
    case 'nl':
      return `Bedankt voor uw bericht. Ik ben tot en met ${until.day} ${month} afwezig en lees mijn e-mail beperkt. Na mijn terugkomst neem ik contact met u op.`;
    case 'pt':
      return `Obrigado pela sua mensagem. Estou fora do escritório até ${until.day} de ${month}, com acesso limitado ao e-mail. Responderei assim que regressar.`;
  }
}

/** Outlook's automatic-reply subject prefix per language ("Automatic reply: …"). */
export const AUTO_REPLY_SUBJECT: Record<ReplyLanguage, string> = {
  en: 'Automatic reply: ',
  de: 'Automatische Antwort: ',
  fr: 'Réponse automatique : ',
  es: 'Respuesta automática: ',
  it: 'Risposta automatica: ',
  nl: 'Automatisch antwoord: ',
  pt: 'Resposta automática: ',
};

/** The quoted history's attribution line, as Gmail writes it in English ("On Tue, 2 Dec 2026 at 09:00, Rep <rep@x> wrote:"). */
export function attributionLine(sentAt: Date, from: string): string {
  const day = sentAt.toLocaleDateString('en-GB', { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).replace(/,/g, '');
  const time = sentAt.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', timeZone: 'UTC' });
  return `On ${day} at ${time}, ${from} wrote:`;
}

/** `YYYY-MM-DD` as a real calendar date, else undefined. */
export function parseCalendarDate(value: string): CalendarDate | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return undefined;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day ? { year, month, day } : undefined;
}

/** The day `days` after `from` (UTC). */
export function daysAfter(from: Date, days: number): CalendarDate {
  const d = new Date(from.getTime() + days * 86_400_000);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}
