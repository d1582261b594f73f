import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each claim of an Idempotency-Key gets an owner token: a run whose lease was taken over by a
 * retry can no longer store its answer over the new owner's, nor give the key back.
 */
export class IdempotencyOwner1796139477082 implements MigrationInterface {
  name = 'IdempotencyOwner1796139477082';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE idempotency_keys ADD COLUMN owner_token uuid');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE idempotency_keys DROP COLUMN owner_token');
  }
}
