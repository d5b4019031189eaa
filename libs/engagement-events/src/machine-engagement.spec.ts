import { machineEngagement, scannerAgent } from './index.js';

const human = { sgMachineOpen: false, userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_2) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Safari/605.1.15', secondsSinceDelivery: 3600, scannerSeconds: 10 };

describe('machineEngagement', () => {
  it("takes a person's open or click an hour after delivery as a person's", () => {
    expect(machineEngagement({ kind: 'open', ...human })).toEqual({ machine: false, reason: null });
    expect(machineEngagement({ kind: 'click', ...human })).toEqual({ machine: false, reason: null });
  });

  it("flags Apple Mail Privacy Protection's open from SendGrid's sg_machine_open", () => {
    expect(machineEngagement({ kind: 'open', ...human, sgMachineOpen: true })).toEqual({ machine: true, reason: 'Apple Mail Privacy Protection fetched the open pixel (sg_machine_open)' });
  });

  it('flags a scanner by its user agent, naming it', () => {
    expect(machineEngagement({ kind: 'click', ...human, userAgent: 'Mozilla/5.0 (compatible; BarracudaCentral/1.0)' })).toEqual({ machine: true, reason: 'clicked by a Barracuda email security (user agent)' });
    expect(machineEngagement({ kind: 'open', ...human, userAgent: 'Mozilla/5.0 HeadlessChrome/120.0' }).reason).toBe('opened by a headless browser (user agent)');
  });

  it('flags an open or click within the scanner seconds of delivery, inclusive, and one stamped before its delivery', () => {
    expect(machineEngagement({ kind: 'click', ...human, secondsSinceDelivery: 3 })).toEqual({ machine: true, reason: 'clicked 3 s after delivery (a scanner\'s speed: 10 s or less)' });
    expect(machineEngagement({ kind: 'open', ...human, secondsSinceDelivery: 10 }).machine).toBe(true);
    expect(machineEngagement({ kind: 'open', ...human, secondsSinceDelivery: 11 }).machine).toBe(false);
    expect(machineEngagement({ kind: 'click', ...human, secondsSinceDelivery: -1 }).reason).toBe("clicked 0 s after delivery (a scanner's speed: 10 s or less)");
  });

  it('does not judge speed when the delivery is not known', () => {
    expect(machineEngagement({ kind: 'click', ...human, secondsSinceDelivery: null }).machine).toBe(false);
  });

  it('never flags other kinds, and sg_machine_open only on opens', () => {
    for (const kind of ['delivered', 'bounce', 'reply', 'unsubscribe'] as const) {
      expect(machineEngagement({ kind, sgMachineOpen: true, userAgent: 'curl/8.0', secondsSinceDelivery: 0, scannerSeconds: 10 })).toEqual({ machine: false, reason: null });
    }
    expect(machineEngagement({ kind: 'click', ...human, sgMachineOpen: true }).machine).toBe(false);
  });
});

describe('scannerAgent', () => {
  it('names security scanners, link previews and scripts', () => {
    expect(scannerAgent('Mimecast-URL-Protect/1.0')).toBe('Mimecast URL protection');
    expect(scannerAgent('Mozilla/5.0 Proofpoint URL Defense')).toBe('Proofpoint URL defense');
    expect(scannerAgent('python-requests/2.31.0')).toBe('HTTP library');
    expect(scannerAgent('Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)')).toBe('link preview');
    expect(scannerAgent('Microsoft Office Existence Discovery')).toBe('Microsoft Office link check');
  });

  it("does not take Gmail's or Yahoo's image proxy, a phone whose model contains \"bot\", or no user agent for a scanner", () => {
    expect(scannerAgent('Mozilla/5.0 (Windows NT 5.1; rv:11.0) Gecko Firefox/11.0 (via ggpht.com GoogleImageProxy)')).toBeNull();
    expect(scannerAgent('YahooMailProxy; https://help.yahoo.com/kb/yahoo-mail-proxy-SLN28749.html')).toBeNull();
    expect(scannerAgent('Mozilla/5.0 (Linux; Android 9; CUBOT_X19) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36')).toBeNull();
    expect(scannerAgent(null)).toBeNull();
    expect(scannerAgent('')).toBeNull();
  });
});
