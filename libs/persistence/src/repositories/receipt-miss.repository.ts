import { DataSource } from 'typeorm';

/** Wrong receipt codes per client address, so guessing can be slowed down across gateway processes. */
export class ReceiptMissRepository {
  constructor(private readonly dataSource: DataSource) {}

  async recentMisses(address: string, windowSeconds: number): Promise<number> {
    const [row]: { n: number }[] = await this.dataSource.query(
      `SELECT count(*)::int AS n FROM receipt_code_misses WHERE address = $1 AND missed_at > now() - make_interval(secs => $2)`,
      [address, windowSeconds],
    );
    return row.n;
  }

  async recordMiss(address: string): Promise<void> {
    await this.dataSource.query('INSERT INTO receipt_code_misses (address) VALUES ($1)', [address]);
    // Old misses serve no window; dropping them here keeps the table small without a job.
    await this.dataSource.query(`DELETE FROM receipt_code_misses WHERE missed_at < now() - interval '1 day'`);
  }
}
