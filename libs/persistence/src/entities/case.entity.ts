import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Party, RepeatParty } from '@app/contracts';

/** The cases read model: rebuilt from case_events alone. */
@Entity('cases')
export class CaseEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'case_no', type: 'text', nullable: true })
  caseNo!: string | null;

  @Column({ name: 'receipt_code', type: 'text', nullable: true })
  receiptCode!: string | null;

  @Column({ type: 'text' })
  stage!: string;

  @Column({ type: 'text' })
  status!: string;

  @Column({ type: 'text' })
  channel!: string;

  @Column({ type: 'text' })
  category!: string;

  @Column({ type: 'text' })
  summary!: string;

  @Column({ type: 'text' })
  description!: string;

  @Column({ name: 'grid_code', type: 'text' })
  gridCode!: string;

  @Column({ name: 'community_code', type: 'text', nullable: true })
  communityCode!: string | null;

  @Column({ type: 'text' })
  address!: string;

  @Column({ name: 'occurred_at', type: 'timestamptz', nullable: true })
  occurredAt!: Date | null;

  @Column({ type: 'boolean' })
  urgent!: boolean;

  @Column({ type: 'jsonb' })
  parties!: Party[];

  /** The repeat-party flag kept from intake: the party's other cases in the 12 months before; null: none. */
  @Column({ name: 'repeat_party', type: 'jsonb', nullable: true })
  repeatParty!: RepeatParty | null;

  /** When the case last went up a level (上交: community-level unit → street-level unit of the same center); null: never. */
  @Column({ name: 'up_a_level_at', type: 'timestamptz', nullable: true })
  upALevelAt!: Date | null;

  @Column({ name: 'center_code', type: 'text', nullable: true })
  centerCode!: string | null;

  @Column({ name: 'unit_id', type: 'uuid', nullable: true })
  unitId!: string | null;

  @Column({ name: 'assignee_id', type: 'uuid', nullable: true })
  assigneeId!: string | null;

  @Column({ type: 'text' })
  severity!: string;

  @Column({ name: 'sla_class', type: 'text' })
  slaClass!: string;

  @Column({ name: 'stage_entered_at', type: 'timestamptz' })
  stageEnteredAt!: Date;

  @Column({ name: 'stage_deadline', type: 'timestamptz', nullable: true })
  stageDeadline!: Date | null;

  @Column({ name: 'escalation_level', type: 'smallint', default: 0 })
  escalationLevel!: number;

  @Column({ name: 'reopen_count', type: 'smallint', default: 0 })
  reopenCount!: number;

  @Column({ type: 'text', nullable: true })
  resolution!: string | null;

  @Column({ name: 'reported_by', type: 'uuid', nullable: true })
  reportedBy!: string | null;

  /**
   * The centers of every unit an assistance (协办) was ever asked of, in the order first asked:
   * their level-1 supervisors see the case (read-only; docs/joint-handling.md).
   */
  @Column({ name: 'assisting_centers', type: 'text', array: true, default: () => "'{}'" })
  assistingCenters!: string[];

  @Column({ name: 'last_seq', type: 'integer' })
  lastSeq!: number;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
