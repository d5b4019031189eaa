import { firstPrivateAncestor } from './postgres-binaries.js';

describe('firstPrivateAncestor', () => {
  const modes: Record<string, number> = { '/': 0o755, '/root': 0o700, '/root/app': 0o755, '/srv': 0o755, '/srv/app': 0o751, '/srv/app/x': 0o750 };
  const modeOf = (dir: string) => modes[dir] ?? 0o755;

  it('names the topmost folder the postgres user cannot enter', () => {
    expect(firstPrivateAncestor('/root/app', modeOf)).toBe('/root');
  });

  it('accepts a path every ancestor of which others may traverse', () => {
    expect(firstPrivateAncestor('/srv/app', modeOf)).toBeUndefined();
  });

  it('checks the path itself too', () => {
    expect(firstPrivateAncestor('/srv/app/x', modeOf)).toBe('/srv/app/x');
  });
});
