import { groupByEnrolment } from './inbox-signaller.js';

describe('groupByEnrolment', () => {
  it("keeps one enrolment's rows together and in order, and rows without one apart", () => {
    const rows = [
      { id: '1', enrolmentId: 'a' },
      { id: '2', enrolmentId: null },
      { id: '3', enrolmentId: 'b' },
      { id: '4', enrolmentId: 'a' },
      { id: '5', enrolmentId: null },
    ];
    expect(groupByEnrolment(rows).map((g) => g.map((r) => r.id))).toEqual([['1', '4'], ['2'], ['3'], ['5']]);
  });
});
