import type { ReplyClass } from '#libs/contracts';
import { findPhrase, matchers, normalise, type ReplyLanguage } from './phrases.js';

/**
 * The phrase rules, in the order they win: an unsubscribe request over "not interested" over "interested" (a reply
 * that says "not interested, remove me" is an opt-out; "not interested" contains "interested"). Phrases are
 * whole words in normalised text; `*` ends an open word.
 */
const UNSUBSCRIBE = matchers({
  en: ['unsubscribe', 'unsubscribe me', 'remove me', 'take me off', 'stop emailing', 'stop e-mailing', 'stop sending', 'stop contacting', 'stop writing', 'do not contact me', "don't contact me", 'do not email me', "don't email me", 'opt me out', 'opt out', 'remove my email', 'remove my address', 'no more emails', 'delete my data', 'delete my email'],
  de: ['abmelden', 'austragen', 'bitte austragen', 'tragen sie mich aus', 'entfernen sie mich', 'bitte entfernen', 'abbestellen', 'keine weiteren e-mails', 'keine e-mails mehr', 'keine weiteren mails', 'nicht mehr kontaktieren', 'nicht mehr anschreiben', 'schreiben sie mir nicht mehr', 'löschen sie meine daten'],
  fr: ['désinscri*', 'désabonne*', 'me désinscrire', 'retirez-moi', 'retirez moi', 'supprimez-moi', 'supprimez mon adresse', 'ne plus me contacter', 'ne me contactez plus', "ne m'écrivez plus", 'arrêtez de m’écrire', "arrêtez de m'écrire", "arrêtez de m'envoyer"],
  es: ['darme de baja', 'dar de baja', 'denme de baja', 'deme de baja', 'elimínenme', 'eliminarme de', 'no me escriba*', 'no me contacte*', 'dejen de escribirme', 'dejen de enviarme', 'desuscribir*', 'cancelar la suscripción', 'borren mis datos'],
  it: ['cancellami', 'cancellatemi', 'disiscriv*', 'rimuovetemi', 'rimuovermi', 'toglietemi', 'non scrivetemi più', 'non contattatemi più', 'smettete di scrivermi', 'smettete di inviarmi'],
  nl: ['uitschrijven', 'afmelden', 'schrijf mij uit', 'schrijf me uit', 'verwijder mij', 'verwijder me', 'geen e-mails meer', 'geen mails meer', 'niet meer mailen', 'niet meer contacteren', 'stop met mailen'],
  pt: ['descadastr*', 'cancelar inscrição', 'cancelar a subscrição', 'remover-me', 'remova-me', 'me remova', 'me remover', 'parem de enviar', 'parem de me enviar', 'não me envie*', 'não me contacte*', 'não me contate*'],
  sv: ['avregistrera', 'avsluta prenumeration', 'ta bort mig', 'sluta maila', 'sluta skicka', 'kontakta mig inte'],
  ja: ['配信停止', '配信を停止', '登録解除', '送らないで'],
});

const NOT_INTERESTED = matchers({
  en: ['not interested', 'no interest', 'no thanks', 'no thank you', 'not a fit', 'not a good fit', 'not for us', 'not relevant', "we're all set", 'we are all set', 'not looking', 'not at this time', 'not right now', 'pass on this', 'we already have', 'please do not follow up'],
  de: ['kein interesse', 'keinen bedarf', 'kein bedarf', 'nicht interessiert', 'nein danke', 'nein, danke', 'passt nicht', 'nicht relevant', 'haben wir schon', 'derzeit nicht'],
  fr: ['pas intéressé', 'pas intéressée', 'pas intéressés', 'pas intéressées', 'ne suis pas intéressé', 'ne suis pas intéressée', 'ne nous intéresse pas', "ne m'intéresse pas", "pas d'intérêt", 'non merci', 'non, merci', 'pas besoin', 'pas pour nous'],
  es: ['no me interesa', 'no nos interesa', 'no estoy interesado', 'no estoy interesada', 'no estamos interesados', 'no gracias', 'no, gracias', 'sin interés', 'no necesitamos', 'no es para nosotros'],
  it: ['non mi interessa', 'non ci interessa', 'non sono interessato', 'non sono interessata', 'non siamo interessati', 'no grazie', 'no, grazie', 'nessun interesse', 'non ci serve'],
  nl: ['geen interesse', 'niet geïnteresseerd', 'nee bedankt', 'nee, bedankt', 'nee dank je', 'geen behoefte', 'niet relevant'],
  pt: ['não tenho interesse', 'não temos interesse', 'não estou interessado', 'não estou interessada', 'não me interessa', 'não nos interessa', 'não, obrigado', 'não, obrigada', 'não obrigado', 'não obrigada', 'sem interesse'],
  sv: ['inte intresserad', 'inte intresserade', 'nej tack', 'inget intresse', 'inget behov'],
  ja: ['興味がありません', '興味はありません', '結構です', '必要ありません'],
});

const INTERESTED = matchers({
  en: ['interested', 'can we talk', 'could we talk', 'can we meet', 'could we meet', 'looks relevant', 'sounds relevant', "let's talk", 'lets talk', "let's chat", "let's meet", 'book a call', 'book a meeting', 'schedule a call', 'schedule a meeting', 'set up a call', 'set up a meeting', 'send me more', 'tell me more', 'more information', 'more info', 'sounds good', 'sounds interesting', 'happy to chat', 'happy to talk', 'call me', 'a demo', 'when are you available', 'what times work', 'count me in'],
  de: ['interessiert', 'klingt relevant', 'können wir sprechen', 'können wir telefonieren', 'können wir nächste woche sprechen', 'interesse', 'klingt gut', 'klingt interessant', 'gerne mehr', 'gern mehr', 'mehr informationen', 'mehr infos', 'rufen sie mich an', 'termin vereinbaren', 'einen termin', 'lassen sie uns sprechen', 'lassen sie uns telefonieren', 'gerne ein gespräch', 'schicken sie mir mehr'],
  fr: ['intéressé', 'semble pertinent', 'pourrions-nous en parler', 'pouvons-nous en parler', 'pourrions-nous échanger', 'intéressée', 'ça m’intéresse', "ça m'intéresse", 'cela m’intéresse', "cela m'intéresse", 'parlons-en', 'parlons en', 'appelons-nous', 'prendre rendez-vous', 'un rendez-vous', 'envoyez-moi plus', "plus d'informations", 'plus d’informations', 'volontiers', 'avec plaisir'],
  es: ['me interesa', 'parece relevante', 'podemos hablar', 'podríamos hablar', 'nos interesa', 'estoy interesado', 'estoy interesada', 'hablemos', 'agendar una llamada', 'agendemos', 'una reunión', 'más información', 'envíeme más', 'me gustaría saber más', 'con gusto', 'llámeme'],
  it: ['mi interessa', 'sembra interessante', 'possiamo sentirci', 'possiamo parlarne', 'ci interessa', 'sono interessato', 'sono interessata', 'parliamone', 'sentiamoci', 'fissare una chiamata', 'una call', 'maggiori informazioni', 'più informazioni', 'volentieri', 'mi chiami'],
  nl: ['interesse', 'lijkt relevant', 'kunnen we bellen', 'even bellen', 'kunnen we praten', 'geïnteresseerd', 'laten we praten', 'laten we bellen', 'afspraak maken', 'afspraak inplannen', 'meer informatie', 'stuur me meer', 'stuur mij meer', 'klinkt goed', 'klinkt interessant', 'bel me'],
  pt: ['tenho interesse', 'parece relevante', 'podemos falar', 'podemos conversar', 'temos interesse', 'estou interessado', 'estou interessada', 'me interessa', 'vamos conversar', 'marcar uma chamada', 'marcar uma reunião', 'mais informações', 'envie-me mais', 'me envie mais', 'com certeza', 'ligue-me'],
  sv: ['intresserad', 'intresserade', 'låt oss prata', 'boka ett möte', 'mer information', 'skicka mer', 'låter bra'],
  ja: ['興味があります', '興味あります', '詳しく', '打ち合わせ', 'ぜひ'],
});

export interface ReplyClassVerdict {
  replyClass: ReplyClass;
  /** The phrase that decided, or why no phrase did. */
  reason: string;
  language: ReplyLanguage | null;
}

/** What `classifyReply` knows of the message's automation (from {@link outOfOffice}). */
export type AutoReplyFlag = 'out_of_office' | 'automatic' | null;

/**
 * The reply's class by transparent phrase rules (no model): out-of-office notices are `out_of_office`, other
 * auto-replies `other`; a person's reply is an unsubscribe request, not interested or interested by the first rule
 * set with a phrase in the visible text, else `other`. The subject counts only when it is not a "Re:" of ours (our
 * own subject would otherwise speak for the lead).
 */
export function classifyReplyWithReason(visibleText: string, subject: string, autoReply: AutoReplyFlag): ReplyClassVerdict {
  if (autoReply === 'out_of_office') return { replyClass: 'out_of_office', reason: 'out-of-office notice', language: null };
  if (autoReply === 'automatic') return { replyClass: 'other', reason: 'auto-reply', language: null };
  const ownSubject = /^\s*(?:\[[^\]]{0,40}\]\s*)*(?:re|aw|sv|antw|rif|res|r|wg|fw|fwd|tr|vs|odp)\s*:/i.test(subject);
  const text = normalise(ownSubject ? visibleText : `${subject}\n${visibleText}`);
  for (const [replyClass, table] of [
    ['unsubscribe_request', UNSUBSCRIBE],
    ['not_interested', NOT_INTERESTED],
    ['interested', INTERESTED],
  ] as const) {
    const hit = findPhrase(text, table);
    if (hit) return { replyClass, reason: `"${hit.phrase}"`, language: hit.language };
  }
  return { replyClass: 'other', reason: 'no rule phrase', language: null };
}

export function classifyReply(visibleText: string, subject: string, autoReply: AutoReplyFlag): ReplyClass {
  return classifyReplyWithReason(visibleText, subject, autoReply).replyClass;
}
