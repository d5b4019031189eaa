import { visibleReply } from './visible-reply.js';

describe('visibleReply', () => {
  it('drops a Gmail quote ("On … wrote:") and the quoted lines', () => {
    const text = 'Yes, let\'s talk next week.\n\nOn Thu, Dec 3, 2026 at 10:00 AM Sam Seller <sam@seller.example> wrote:\n> Hi Anna,\n> would a short call help?\n';
    expect(visibleReply(text)).toBe("Yes, let's talk next week.");
  });

  it('drops a Gmail quote whose header wrapped onto two lines', () => {
    const text = 'Sounds good.\n\nOn Thu, Dec 3, 2026 at 10:00 AM Sam Seller <\nsam@seller.example> wrote:\n> Hi Anna\n';
    expect(visibleReply(text)).toBe('Sounds good.');
  });

  it('drops an Outlook block ("-----Original Message-----")', () => {
    const text = 'Please remove me from your list.\n\n-----Original Message-----\nFrom: Sam Seller\nSent: Thursday, December 3, 2026 10:00 AM\nTo: Anna\nSubject: Quick question\n\nHi Anna, would a short call help?\n';
    expect(visibleReply(text)).toBe('Please remove me from your list.');
  });

  it('drops an Outlook header block without an address ("From: … Sent: …")', () => {
    const text = 'Not interested, thanks.\n\nFrom: Sam Seller\nSent: Thursday, December 3, 2026 10:00\nTo: Anna Schmidt\nSubject: Quick question\n\nHi Anna, would a short call help? Reply "interested".\n';
    expect(visibleReply(text)).toBe('Not interested, thanks.');
  });

  it('drops an Outlook on the web block (underscores, then From:)', () => {
    const text = 'Call me on Monday.\n\n________________________________\nFrom: Sam Seller <sam@seller.example>\nSent: 03 December 2026 10:00\nTo: Anna\n\nHi Anna\n';
    expect(visibleReply(text)).toBe('Call me on Monday.');
  });

  it('drops an Apple Mail quote and its "Sent from my iPhone" signature', () => {
    const text = 'Tell me more.\n\nSent from my iPhone\n\n> On 3 Dec 2026, at 10:00, Sam Seller <sam@seller.example> wrote:\n>\n> Hi Anna\n';
    expect(visibleReply(text)).toBe('Tell me more.');
  });

  it('drops a German quote header ("Am … schrieb …") and a German Outlook block ("Von: … Gesendet: …")', () => {
    const gmail = 'Kein Interesse, danke.\n\nAm Do., 3. Dez. 2026 um 10:00 Uhr schrieb Sam Seller <sam@seller.example>:\n> Hallo Anna\n';
    expect(visibleReply(gmail)).toBe('Kein Interesse, danke.');
    const outlook = 'Bitte austragen.\n\nVon: Sam Seller\nGesendet: Donnerstag, 3. Dezember 2026 10:00\nAn: Anna\nBetreff: Frage\n\nHallo Anna\n';
    expect(visibleReply(outlook)).toBe('Bitte austragen.');
  });

  it('drops a French quote header ("Le … a écrit :")', () => {
    const text = 'Pas intéressé.\n\nLe jeu. 3 déc. 2026 à 10:00, Sam Seller <sam@seller.example> a écrit :\n> Bonjour Anna\n';
    expect(visibleReply(text)).toBe('Pas intéressé.');
  });

  it('drops a Spanish quote header ("El … escribió:")', () => {
    const text = 'No me interesa.\n\nEl jue, 3 dic 2026 a las 10:00, Sam Seller (<sam@seller.example>) escribió:\n> Hola Anna\n';
    expect(visibleReply(text)).toBe('No me interesa.');
  });

  it('drops Italian, Dutch and Portuguese quote headers', () => {
    expect(visibleReply('Mi interessa.\n\nIl giorno gio 3 dic 2026 alle ore 10:00 Sam Seller <sam@seller.example> ha scritto:\n> Ciao\n')).toBe('Mi interessa.');
    expect(visibleReply('Geen interesse.\n\nOp do 3 dec. 2026 om 10:00 schreef Sam Seller <sam@seller.example>:\n> Hallo\n')).toBe('Geen interesse.');
    expect(visibleReply('Tenho interesse.\n\nEm qui., 3 de dez. de 2026 às 10:00, Sam Seller <sam@seller.example> escreveu:\n> Olá\n')).toBe('Tenho interesse.');
  });

  it('reads the HTML part when the text part is empty, without block-quoted history', () => {
    const html = '<div>Book a call with me.</div><div class="gmail_quote"><div>On Thu Sam wrote:</div><blockquote>Hi Anna, reply STOP</blockquote></div>';
    expect(visibleReply('', html)).toBe('Book a call with me.');
  });

  it('reads deeply nested HTML without overflowing the stack (the tags are dropped instead)', () => {
    expect(visibleReply('', `${'<div>'.repeat(20_000)}Call me${'</div>'.repeat(20_000)}`)).toBe('Call me');
  });

  it('keeps a reply that quotes nothing as it is', () => {
    expect(visibleReply('Hello,\n\nplease send me more.\n')).toBe('Hello,\n\nplease send me more.');
  });

  it.each([
    ['blank lines', '\n'.repeat(65_000) + 'x'],
    ['white-space lines', ' \n'.repeat(32_000) + 'x'],
    ['line separators', '\u2028'.repeat(65_000) + 'x'],
    ['spaces', ' '.repeat(65_000) + 'x'],
  ])('answers quickly on a long run of %s (the parser is quadratic over them)', (_what, text) => {
    const started = Date.now();
    expect(visibleReply(text)).toBe('x');
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('answers quickly on a huge single-line body (the parser runs on the first 64 KiB only)', () => {
    const started = Date.now();
    visibleReply('On ' + 'x '.repeat(2_000_000));
    expect(Date.now() - started).toBeLessThan(500);
  });
});
