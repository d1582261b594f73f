import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `GET /api/disputes?communityCode=`: the statistics page lists the cases of a community (its
 * measures are grouped so). Like every equality filter of the list, an index led by the column
 * and followed by the list's order, so a page is an index range.
 */
export class CaseListByCommunity1765123200000 implements MigrationInterface {
  name = 'CaseListByCommunity1765123200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE INDEX cases_community_code_created ON cases (community_code, created_at DESC, id DESC)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX cases_community_code_created');
  }
}
