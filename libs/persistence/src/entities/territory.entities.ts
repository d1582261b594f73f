import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('centers')
export class CenterEntity {
  @PrimaryColumn({ type: 'text' })
  code!: string;

  @Column({ type: 'text' })
  name!: string;

  /** Deactivated, never deleted: cases and accounts keep referring to it. */
  @Column({ type: 'boolean', default: true })
  active!: boolean;
}

@Entity('grids')
export class GridEntity {
  @PrimaryColumn({ type: 'text' })
  code!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  level!: string;

  @Column({ name: 'parent_code', type: 'text', nullable: true })
  parentCode!: string | null;

  @Column({ name: 'community_code', type: 'text', nullable: true })
  communityCode!: string | null;

  /** Deactivated, never deleted: cases and accounts keep referring to it. */
  @Column({ type: 'boolean', default: true })
  active!: boolean;
}

@Entity('communities')
export class CommunityEntity {
  @PrimaryColumn({ type: 'text' })
  code!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ name: 'grid_code', type: 'text' })
  gridCode!: string;

  /** Deactivated, never deleted: cases and accounts keep referring to it. */
  @Column({ type: 'boolean', default: true })
  active!: boolean;
}

@Entity('units')
export class UnitEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'text', unique: true })
  code!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ name: 'center_code', type: 'text' })
  centerCode!: string;

  @Column({ type: 'text' })
  level!: string;

  @Column({ name: 'community_code', type: 'text', nullable: true })
  communityCode!: string | null;

  @Column({ name: 'is_main', type: 'boolean', default: false })
  isMain!: boolean;

  /** Deactivated, never deleted: cases and accounts keep referring to it. */
  @Column({ type: 'boolean', default: true })
  active!: boolean;
}
