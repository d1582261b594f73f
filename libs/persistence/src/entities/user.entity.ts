import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('users')
export class UserEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'text', unique: true })
  username!: string;

  @Column({ name: 'display_name', type: 'text' })
  displayName!: string;

  @Column({ name: 'password_hash', type: 'text' })
  passwordHash!: string;

  @Column({ type: 'text', array: true })
  roles!: string[];

  @Column({ name: 'center_code', type: 'text', nullable: true })
  centerCode!: string | null;

  @Column({ name: 'unit_ids', type: 'uuid', array: true, default: () => "'{}'" })
  unitIds!: string[];

  @Column({ name: 'supervisor_level', type: 'smallint', nullable: true })
  supervisorLevel!: number | null;

  @Column({ name: 'grid_code', type: 'text', nullable: true })
  gridCode!: string | null;

  @Column({ type: 'boolean', default: true })
  active!: boolean;

  /** Raised by every password change; a token signed under another version is refused. */
  @Column({ name: 'session_version', type: 'integer', default: 0 })
  sessionVersion!: number;
}
