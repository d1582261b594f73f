import * as path from 'path';
import { ensureDatabase, startEmbeddedPostgres } from '@app/stack';

export interface BenchDatabase {
  url: string;
  stop(): Promise<void>;
}

/**
 * The large-history database of the seeding script and the benchmark, kept apart from dev data:
 * BENCH_DATABASE_URL when set, else an embedded PostgreSQL of its own under DATA_DIR
 * (`bench-postgres`, port BENCH_PG_PORT, default 5434) with the database `mediation_bench`.
 */
export async function openBenchDatabase(): Promise<BenchDatabase> {
  const external = process.env.BENCH_DATABASE_URL;
  if (external) {
    await ensureDatabase(external);
    return { url: external, stop: async () => undefined };
  }
  const dataRoot = path.resolve(process.env.DATA_DIR ?? 'data');
  const running = await startEmbeddedPostgres({
    dataDir: path.join(dataRoot, 'bench-postgres'),
    port: Number(process.env.BENCH_PG_PORT ?? 5434),
    database: 'mediation_bench',
    logFile: path.join(dataRoot, 'logs', 'bench-postgres.log'),
  });
  return running;
}

/** `--name value` from argv, or the fallback. */
export function argValue(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 && process.argv[at + 1] !== undefined ? process.argv[at + 1] : fallback;
}
