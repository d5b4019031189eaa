import { TIERS } from '#libs/contracts';
import { RoutingInitial1764316800000 } from './1764316800000-routing-initial.js';

// The routes table keeps the tier a lead was routed with; its CHECK must follow the tiers scoring hands out.
it('the routes tier CHECK lists the tiers of the contracts', async () => {
  let sql = '';
  await new RoutingInitial1764316800000().up({ query: async (statement: string) => void (sql += `${statement}\n`) } as never);
  const tierLists = Array.from(sql.matchAll(/tier IN \(([^)]*)\)/g), ([, list]) => list!.replace(/'/g, '').split(/,\s*/));
  expect(tierLists).toEqual([[...TIERS]]);
});
