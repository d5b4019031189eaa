// Pins the Java time-skipping test server and its runtime dependency closure in temporal-test-server.lock.json.
// Run by hand when moving to another version: `node test/workflow-env/lock-test-server.mjs 1.38.0`. It needs
// Maven (dependency resolution is Maven's job); tests need only the lock, Node and Java. See
// docs/decisions/0010-workflow-time-tests.md.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const version = process.argv[2];
if (!/^\d+\.\d+\.\d+$/.test(version ?? '')) {
  console.error('usage: node test/workflow-env/lock-test-server.mjs <temporal-test-server version, e.g. 1.38.0>');
  process.exit(2);
}
const repository = 'https://repo1.maven.org/maven2/';
const work = mkdtempSync(join(tmpdir(), 'temporal-test-server-lock-'));
try {
  writeFileSync(
    join(work, 'pom.xml'),
    `<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
  <groupId>local</groupId><artifactId>temporal-test-server-lock</artifactId><version>1</version>
  <dependencies><dependency><groupId>io.temporal</groupId><artifactId>temporal-test-server</artifactId><version>${version}</version></dependency></dependencies>
</project>`,
  );
  const m2 = join(work, 'm2');
  try {
    execFileSync('mvn', ['-q', '-B', `-Dmaven.repo.local=${m2}`, 'dependency:list', '-DincludeScope=runtime', '-DoutputFile=deps.txt'], { cwd: work, stdio: 'pipe' });
  } catch (err) {
    // Maven reports its errors on stdout.
    console.error(String(err.stdout ?? ''), String(err.stderr ?? ''));
    throw err;
  }
  const jars = readFileSync(join(work, 'deps.txt'), 'utf8')
    .split('\n')
    .map((l) => l.trim().split(':'))
    .filter((p) => p.length === 5 && p[2] === 'jar')
    .map(([group, artifact, , v]) => {
      const path = `${group.replaceAll('.', '/')}/${artifact}/${v}/${artifact}-${v}.jar`;
      const sha256 = createHash('sha256').update(readFileSync(join(m2, path))).digest('hex');
      return { path, sha256 };
    })
    .sort((a, b) => a.path.localeCompare(b.path));
  // The server logs through SLF4J 1.x and warns on every start that no binding is present: the no-op binding
  // of the same version quiets it (the server's own errors still reach stderr).
  const slf4j = jars.find((j) => j.path.startsWith('org/slf4j/slf4j-api/'))?.path.split('/')[3];
  if (slf4j) {
    const path = `org/slf4j/slf4j-nop/${slf4j}/slf4j-nop-${slf4j}.jar`;
    const res = await fetch(repository + path);
    if (!res.ok) throw new Error(`GET ${repository + path}: HTTP ${res.status}`);
    jars.push({ path, sha256: createHash('sha256').update(Buffer.from(await res.arrayBuffer())).digest('hex') });
    jars.sort((a, b) => a.path.localeCompare(b.path));
  }
  const lock = { artifact: `io.temporal:temporal-test-server:${version}`, mainClass: 'io.temporal.testserver.TestServer', repository, jars };
  writeFileSync(new URL('./temporal-test-server.lock.json', import.meta.url), JSON.stringify(lock, null, 2) + '\n');
  console.log(`locked ${lock.artifact}: ${jars.length} jars`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
