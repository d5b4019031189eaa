import { chooseMailbox, type MailboxChoices } from './mailbox-choice.js';

const choices = (paused: string[], o: Partial<MailboxChoices> = {}): MailboxChoices => ({
  owners: [{ id: 'ann-mb', ownerId: 'ann' }],
  campaign: [
    { id: 'rot-a', weight: 1 },
    { id: 'rot-b', weight: 1 },
  ],
  paused: new Set(paused),
  ...o,
});

describe('chooseMailbox', () => {
  it("takes the owner's mailbox while it is not paused", () => {
    expect(chooseMailbox('ann', 'c/l1', choices([]))).toBe('ann-mb');
  });

  it("skips the owner's paused mailbox for the rotation", () => {
    expect(['rot-a', 'rot-b']).toContain(chooseMailbox('ann', 'c/l1', choices(['ann-mb'])));
  });

  it('never picks a paused rotation mailbox while another is open, whatever the lead', () => {
    const picks = new Set(Array.from({ length: 200 }, (_, i) => chooseMailbox(null, `c/lead-${i}`, choices(['rot-a']))));
    expect([...picks]).toEqual(['rot-b']);
  });

  it('keeps the usual pick when every candidate is paused (the sender holds its sends)', () => {
    const all = choices(['ann-mb', 'rot-a', 'rot-b']);
    expect(chooseMailbox('ann', 'c/l1', all)).toBe('ann-mb');
    expect(['rot-a', 'rot-b']).toContain(chooseMailbox(null, 'c/l1', all));
  });

  it('answers null when there is no mailbox at all', () => {
    expect(chooseMailbox('ann', 'c/l1', { owners: [], campaign: [], paused: new Set() })).toBeNull();
  });
});
