import { autoReplyKind, type AutoReplyVerdict } from './auto-reply.js';
import type { MailHeaders } from './mail-headers.js';
import { findPhrase, guessLanguage, matchers, normalise, type ReplyLanguage } from './phrases.js';
import { returnDate } from './return-date.js';

/** Phrases of absence notices, per language. */
const ABSENCE = matchers({
  en: ['out of the office', 'out of office', 'away from the office', 'away from my desk', 'on vacation', 'on holiday', 'on holidays', 'on annual leave', 'on leave', 'on parental leave', 'on maternity leave', 'on paternity leave', 'on sick leave', 'on a business trip', 'currently away', 'i am away', "i'm away", 'i am currently out', "i'm currently out", 'limited access to email', 'limited access to my email', 'will be back on', 'back in the office', 'i will return on', 'returning on'],
  de: ['nicht im büro', 'nicht im hause', 'abwesend', 'im urlaub', 'in urlaub', 'urlaubsbedingt', 'außer haus', 'ausser haus', 'nicht erreichbar', 'eingeschränkt erreichbar', 'wieder im büro', 'wieder erreichbar', 'auf dienstreise', 'in elternzeit', 'keinen zugriff auf meine e-mails', 'abwesenheitsnotiz'],
  fr: ['je suis absent', 'je suis absente', 'absent du bureau', 'absente du bureau', 'en congé', 'en congés', 'en vacances', 'hors du bureau', 'pas au bureau', 'de retour le', 'je serai de retour', 'accès limité à mes e-mails', 'accès limité à mes courriels', 'en déplacement', "message d'absence"],
  es: ['fuera de la oficina', 'de vacaciones', 'estoy ausente', 'me encuentro ausente', 'no estaré disponible', 'estaré de vuelta', 'regresaré el', 'volveré el', 'acceso limitado al correo', 'de viaje de negocios', 'de baja por'],
  it: ['fuori ufficio', 'fuori sede', 'in ferie', 'in vacanza', 'sono assente', 'sarò assente', 'sarò di ritorno', 'rientrerò', 'accesso limitato alla posta', 'in trasferta'],
  nl: ['ben ik afwezig', 'ik ben afwezig', 'afwezig', 'op vakantie', 'met vakantie', 'niet op kantoor', 'buiten kantoor', 'weer aanwezig', 'ben ik terug', 'ben ik weer', 'beperkt toegang tot mijn e-mail'],
  pt: ['fora do escritório', 'de férias', 'estou ausente', 'encontro-me ausente', 'estarei de volta', 'retornarei', 'regressarei', 'acesso limitado ao e-mail', 'em viagem de negócios'],
  sv: ['frånvarande', 'på semester', 'är ledig', 'inte på kontoret', 'tillbaka den', 'åter den', 'begränsad tillgång till e-post', 'på tjänsteresa'],
  ja: ['不在', '休暇', '外出', '出張', '休業', '夏季休暇', '年末年始'],
});

export interface OutOfOfficeVerdict {
  outOfOffice: boolean;
  /** The return date named in the text (future, capped), or null: the caller then waits its default. */
  until: Date | null;
  /** Why, for the journey: the marker and the phrase ("Auto-Submitted: auto-replied; \"im Urlaub\"; until 15.01."). */
  reason: string;
  language: ReplyLanguage | null;
  /** The auto-responder marker, if any: a message with one but no absence is an auto-reply that is not a reply. */
  automatic: AutoReplyVerdict | null;
}

/**
 * Is this an out-of-office notice, and until when? It needs both an auto-responder marker (headers or subject
 * prefix, see {@link autoReplyKind}) and absence, said by the subject or by a phrase in the text in one of the
 * languages we serve. A person who writes "I'm on holiday until Monday, but yes, let's talk" is answering, not
 * away: without a marker the text alone does not make an out-of-office (pausing would keep a reply from stopping
 * the sequence). The return date is read from the text, then the subject.
 */
export function outOfOffice(subject: string, visibleText: string, headers: MailHeaders, receivedAt: Date, language?: ReplyLanguage | null): OutOfOfficeVerdict {
  const automatic = autoReplyKind(headers, subject);
  const text = normalise(visibleText);
  const phrase = findPhrase(text, ABSENCE) ?? findPhrase(normalise(subject), ABSENCE);
  const lang = language ?? guessLanguage(visibleText) ?? phrase?.language ?? null;
  if (!automatic || (!automatic.absence && !phrase)) {
    const why = !automatic ? 'no auto-responder marker' : `${automatic.reason}, but no absence named`;
    return { outOfOffice: false, until: null, reason: why, language: lang, automatic };
  }
  const back = returnDate(visibleText, receivedAt, lang) ?? returnDate(subject, receivedAt, lang);
  const parts = [automatic.reason];
  if (phrase) parts.push(`"${phrase.phrase}"`);
  parts.push(back ? `until ${back.text}${back.capped ? ' (capped)' : ''}` : 'no return date named');
  return { outOfOffice: true, until: back?.date ?? null, reason: parts.join('; '), language: lang, automatic };
}
