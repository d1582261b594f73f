import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('case_events')
export class CaseEventEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ name: 'case_id', type: 'uuid' })
  caseId!: string;

  @Column({ type: 'integer' })
  seq!: number;

  @Column({ type: 'text' })
  type!: string;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt!: Date;

  @Column({ name: 'actor_id', type: 'text' })
  actorId!: string;

  @Column({ name: 'actor_role', type: 'text' })
  actorRole!: string;

  @Column({ type: 'jsonb' })
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- jsonb: TypeORM types it loosely
  payload!: Record<string, any>;

  @Column({ name: 'schema_version', type: 'smallint', default: 1 })
  schemaVersion!: number;
}
