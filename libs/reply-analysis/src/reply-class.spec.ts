import type { ReplyClass } from '#libs/contracts';
import { classifyReply, classifyReplyWithReason } from './reply-class.js';

const subject = 'Re: Quick question';

describe('classifyReply', () => {
  const cases: Array<[string, string, ReplyClass]> = [
    ['en', 'Please remove me from your list.', 'unsubscribe_request'],
    ['en', 'Unsubscribe', 'unsubscribe_request'],
    ['en', 'Stop emailing me.', 'unsubscribe_request'],
    ['en', 'Not interested, thanks.', 'not_interested'],
    ['en', 'No thanks.', 'not_interested'],
    ['en', "Let's talk next week.", 'interested'],
    ['en', 'Can we book a call on Tuesday?', 'interested'],
    ['en', 'Send me more details please.', 'interested'],
    ['de', 'Kein Interesse.', 'not_interested'],
    ['de', 'Bitte austragen.', 'unsubscribe_request'],
    ['de', 'Klingt gut, rufen Sie mich an.', 'interested'],
    ['fr', 'Pas intéressé, merci.', 'not_interested'],
    ['fr', 'Merci de me désinscrire.', 'unsubscribe_request'],
    ['fr', "Ça m'intéresse, parlons-en.", 'interested'],
    ['es', 'No me interesa.', 'not_interested'],
    ['es', 'Por favor, darme de baja.', 'unsubscribe_request'],
    ['es', 'Me interesa, hablemos.', 'interested'],
    ['it', 'Non mi interessa.', 'not_interested'],
    ['it', 'Cancellami dalla lista.', 'unsubscribe_request'],
    ['it', 'Mi interessa, sentiamoci.', 'interested'],
    ['nl', 'Geen interesse.', 'not_interested'],
    ['nl', 'Graag uitschrijven.', 'unsubscribe_request'],
    ['nl', 'Klinkt goed, stuur me meer.', 'interested'],
    ['pt', 'Não tenho interesse.', 'not_interested'],
    ['pt', 'Por favor, me remova da lista.', 'unsubscribe_request'],
    ['pt', 'Tenho interesse, vamos conversar.', 'interested'],
    ['sv', 'Nej tack.', 'not_interested'],
    ['sv', 'Ta bort mig.', 'unsubscribe_request'],
    ['ja', '配信停止してください。', 'unsubscribe_request'],
    ['any', 'Who is this?', 'other'],
  ];
  it.each(cases)('%s: "%s" → %s', (_language, text, expected) => {
    expect(classifyReply(text, subject, null)).toBe(expected);
  });

  it('an unsubscribe request wins over not interested, which wins over interested', () => {
    expect(classifyReply('Not interested. Remove me.', subject, null)).toBe('unsubscribe_request');
    expect(classifyReply('Kein Interesse. Ich bin nicht interessiert.', subject, null)).toBe('not_interested');
    expect(classifyReply("I'm not interested.", subject, null)).toBe('not_interested');
  });

  it('matches whole words only ("interestedly" is not "interested"; "unsubscribed" is not "unsubscribe")', () => {
    expect(classifyReply('We unsubscribed the old account.', subject, null)).toBe('other');
  });

  it('out-of-office notices and other auto-replies are not read for phrases', () => {
    expect(classifyReply('I am out of the office. Unsubscribe', subject, 'out_of_office')).toBe('out_of_office');
    expect(classifyReply('Interested parties contact the desk.', subject, 'automatic')).toBe('other');
  });

  it('reads the subject only when it is not our own ("Re: …")', () => {
    expect(classifyReply('', 'Re: Interested in cutting costs?', null)).toBe('other');
    expect(classifyReply('', 'Unsubscribe', null)).toBe('unsubscribe_request');
  });

  it('names the deciding phrase', () => {
    expect(classifyReplyWithReason('Bitte austragen!', subject, null)).toMatchObject({ reason: '"bitte austragen"', language: 'de' });
  });
});

describe('classifyReply on the development sandbox answers', () => {
  // The interested answers the SendGrid sandbox simulates (tools/dev-fakes/sendgrid), as a lead would write them.
  it.each([
    ['en', 'Thanks — this looks relevant. Could we talk next week?'],
    ['de', 'Danke – das klingt relevant. Können wir nächste Woche sprechen?'],
    ['fr', 'Merci, cela semble pertinent. Pourrions-nous en parler la semaine prochaine ?'],
    ['es', 'Gracias, parece relevante. ¿Podemos hablar la próxima semana?'],
    ['it', 'Grazie, sembra interessante. Possiamo sentirci la prossima settimana?'],
    ['nl', 'Bedankt, dit lijkt relevant. Kunnen we volgende week even bellen?'],
    ['pt', 'Obrigado, parece relevante. Podemos falar na próxima semana?'],
  ])('%s: "%s" is interested', (_language, text) => {
    expect(classifyReply(text, 'Re: Quick question', null)).toBe('interested');
  });
});
