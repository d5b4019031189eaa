import EmailReplyParser from 'email-reply-parser';
import { convert } from 'html-to-text';

/**
 * Only the top of a reply is the reply: analysing more costs time (the parser's patterns are not linear on hostile
 * input) and adds nothing. A reply longer than this is cut before parsing.
 */
export const MAX_ANALYSED_CHARS = 64 * 1024;
/**
 * Lines are broken at this length before parsing: the parser's quote-header patterns are quadratic in a line's
 * length (64 KiB on one line took 3 s; broken into 1,000-character lines, 15 ms). No quote header is that long.
 */
const MAX_LINE_CHARS = 1_000;

/**
 * Quote headers the parser does not know, one per mail client and language. Outlook writes its header block
 * ("From: Anna\nSent: Monday…") without an address, which the parser's "From: Name <address>" pattern misses.
 */
const EXTRA_QUOTE_HEADERS: readonly RegExp[] = [
  // Outlook's header block: a From line followed by a Sent/Date line, in the languages we serve.
  /^\s*\*?(?:From|Von|De|Da|Van|Från)\s?:\*?[^\n]*\n\s*\*?(?:Sent|Date|Gesendet|Datum|Envoyé|Date d'envoi|Enviado(?: el)?|Enviada em|Inviato|Data|Verzonden|Skickat)\s?:/im,
  // "-----Original Message-----" and its translations.
  /^\s*-{2,}\s*(?:Original Message|Ursprüngliche Nachricht|Message d'origine|Mensaje original|Messaggio originale|Oorspronkelijk bericht|Mensagem original|Ursprungligt meddelande)\s*-{2,}\s*$/im,
  // Outlook on the web: a line of underscores before the header block.
  /^_{20,}\s*\n\s*\*?(?:From|Von|De|Da|Van|Från)\s?:/im,
  // Gmail in German: "Am Do., 3. Dez. 2026 um 10:00 Uhr schrieb Anna <…>:" (the parser wants "Am … schrieb … <…>:" on one line).
  /^\s*Am\s[^\n]{4,200}?schrieb[^\n]{0,200}:\s*$/im,
  // Apple Mail and Gmail in English, when the header wraps after "wrote": "On 3 Dec 2026, at 10:00, Anna <…> wrote:".
  /^\s*On\s[^\n]{4,200}?wrote:\s*$/im,
  /^\s*Le\s[^\n]{4,200}?a\s+écrit\s*:\s*$/im,
  /^\s*El\s[^\n]{4,200}?escribió\s*:\s*$/im,
  /^\s*Il\s[^\n]{4,200}?ha\s+scritto\s*:\s*$/im,
  /^\s*Op\s[^\n]{4,200}?schreef[^\n]{0,200}:\s*$/im,
  /^\s*(?:Em|No dia)\s[^\n]{4,200}?escreveu\s*:\s*$/im,
  /^\s*Den\s[^\n]{4,200}?skrev[^\n]{0,200}:\s*$/im,
];

/**
 * Lines as the parser can take them in linear time: every line break as "\n" (JavaScript's `^` also starts a line
 * after \u2028), trailing white space dropped, at most one blank line in a row, and lines broken at
 * {@link MAX_LINE_CHARS}. The parser's `^\s*` patterns otherwise run quadratic over a long run of blank lines
 * (65,000 newlines took 115 s). Collapsing blank lines changes nothing the parser reads.
 */
function tidyLines(text: string): string {
  const out: string[] = [];
  let blank = 0;
  for (const raw of text.replace(/\r\n?|[\u2028\u2029\v\f]/g, '\n').split('\n')) {
    const line = raw.trimEnd();
    if (line === '') {
      if (++blank <= 1) out.push('');
      continue;
    }
    blank = 0;
    for (let i = 0; i < line.length; i += MAX_LINE_CHARS) out.push(line.slice(i, i + MAX_LINE_CHARS));
  }
  return out.join('\n');
}

/**
 * The HTML part as text, block quotes (the quoted history of most web mailers) left out. html-to-text recurses per
 * nesting level, so deeply nested markup overflows the stack: then the tags are dropped without it.
 */
function htmlAsText(html: string): string {
  try {
    return convert(html, {
      wordwrap: false,
      selectors: [
        { selector: 'blockquote', format: 'skip' },
        { selector: 'div.gmail_quote', format: 'skip' },
        { selector: 'a', options: { ignoreHref: true } },
        { selector: 'img', format: 'skip' },
      ],
    });
  } catch {
    return html.replace(/<[^<>]*>/g, ' ').replace(/&nbsp;/g, ' ').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  }
}

/** The reply without the history it quotes: everything from the first quote header on is dropped. */
function cutAtQuoteHeader(text: string): string {
  let cut = text.length;
  for (const re of EXTRA_QUOTE_HEADERS) {
    const m = re.exec(text);
    if (m && m.index < cut) cut = m.index;
  }
  return text.slice(0, cut);
}

/**
 * What the person wrote: the reply's text part (or its HTML part as text when the text part is empty) without the
 * quoted history and the signature. email-reply-parser does the stripping; a few quote headers it does not know
 * (Outlook's, and wrapped or localised "… wrote:" lines) are cut first.
 */
export function visibleReply(text: string, html?: string | null): string {
  let body = (text ?? '').replace(/\r\n?/g, '\n');
  if (!body.trim() && html && html.trim()) {
    body = htmlAsText(html.slice(0, 4 * MAX_ANALYSED_CHARS));
  }
  body = cutAtQuoteHeader(tidyLines(body.slice(0, MAX_ANALYSED_CHARS)));
  const visible = new EmailReplyParser().read(body).getVisibleText();
  return visible.replace(/\n{3,}/g, '\n\n').trim();
}
