import { rowsOf } from './sql-rows.js';

describe('rowsOf', () => {
  it("takes the rows out of TypeORM's [rows, count] answer to UPDATE and DELETE", () => {
    expect(rowsOf([[{ id: 1 }], 1])).toEqual([{ id: 1 }]);
    expect(rowsOf([[], 0])).toEqual([]);
  });

  it('keeps the rows of any other statement, also exactly two of them', () => {
    expect(rowsOf([{ id: 1 }, { id: 2 }])).toEqual([{ id: 1 }, { id: 2 }]);
    expect(rowsOf([])).toEqual([]);
  });
});
