import type { DrivePoint } from '@app/domain/screening/drive-rules';

/**
 * A screening drive (矛盾纠纷大排查): a durable workflow that, at 80 % of the period, warns the
 * community of each grid still without a screening, and at the end escalates each one still
 * without (docs/screening-drives.md).
 */
export const SCREENING_DRIVE_WORKFLOW_TYPE = 'screeningDriveWorkflow';

export const screeningDriveWorkflowId = (driveId: string) => `screening-drive-${driveId}`;

export interface ScreeningDriveInput {
  driveId: string;
}

/** The drive's period as its workflow places its points. */
export interface DrivePlan {
  startsAt: string;
  endsAt: string;
  points: DrivePoint[];
}

export interface DriveAlertInput {
  driveId: string;
  point: DrivePoint;
  raisedAt: string;
}

export interface ScreeningDriveActivities {
  /** Null: no such drive. */
  planScreeningDrive(driveId: string): Promise<DrivePlan | null>;
  /** Raises the point for every grid of the drive without a screening (each once); answers how many. */
  raiseScreeningDriveAlerts(input: DriveAlertInput): Promise<number>;
  /** Records the drive's end in its event record (once). */
  closeScreeningDrive(input: { driveId: string; closedAt: string }): Promise<void>;
}
