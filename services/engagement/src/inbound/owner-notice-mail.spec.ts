import { ownerNoticeMail } from './owner-notice-mail.js';
import { definitelyNotSent } from './owner-notice.effect.js';

describe('ownerNoticeMail', () => {
  const mail = ownerNoticeMail({
    to: 'sam@seller.example',
    from: 'cam-notices@mail.cam.example',
    leadId: '0b8f3c52-5a51-4f3a-8d0e-3f5f3a0e9c21',
    campaignId: 'spring',
    replyClass: 'interested',
    subject: 'Re: Quick\r\nBcc: victim@x.example',
    text: 'Yes <script>alert(1)</script> & more',
    inboxId: '42',
  });

  it('names the lead, the campaign and the class, and quotes the reply', () => {
    expect(mail.subject).toBe('Lead 0b8f3c52-5a51-4f3a-8d0e-3f5f3a0e9c21 interested (campaign spring): Re: Quick Bcc: victim@x.example');
    expect(mail.text).toContain('Campaign: spring');
    expect(mail.text).toContain('Class: interested');
    expect(mail.text).toContain('Yes <script>alert(1)</script> & more');
  });

  it('escapes the lead\'s text in HTML and keeps header values on one line', () => {
    expect(mail.html).toContain('Yes &lt;script&gt;alert(1)&lt;/script&gt; &amp; more');
    expect(mail.html).not.toContain('<script>');
    expect(mail.subject).not.toMatch(/[\r\n]/);
  });
});

describe('definitelyNotSent', () => {
  it('is true for an HTTP error answer and a refused connection, false for a timeout or reset', () => {
    expect(definitelyNotSent({ code: 500 })).toBe(true);
    expect(definitelyNotSent({ code: 'ECONNREFUSED' })).toBe(true);
    expect(definitelyNotSent({ code: 'ECONNABORTED' })).toBe(false);
    expect(definitelyNotSent({ code: 'ECONNRESET' })).toBe(false);
    expect(definitelyNotSent(new Error('timeout of 10000ms exceeded'))).toBe(false);
  });
});
