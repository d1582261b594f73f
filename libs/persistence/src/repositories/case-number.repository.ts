import type { EntityManager } from 'typeorm';

/**
 * Case numbers are gap-free per street and year: the counter row is bumped inside the same
 * transaction that records the acceptance, so a rolled-back acceptance gives its number back and
 * concurrent acceptances queue on the row lock.
 */
export async function allocateCaseSequence(tx: EntityManager, streetCode: string, year: number): Promise<number> {
  const rows: { last_seq: number }[] = await tx.query(
    `INSERT INTO case_number_counters (street_code, year, last_seq) VALUES ($1, $2, 1)
     ON CONFLICT (street_code, year) DO UPDATE SET last_seq = case_number_counters.last_seq + 1
     RETURNING last_seq`,
    [streetCode, year],
  );
  return rows[0].last_seq;
}
