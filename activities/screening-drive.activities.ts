import type { DriveAlertInput, DrivePlan, ScreeningDriveActivities } from '@app/contracts';
import { GRID_CENTER } from '@app/domain/enums';
import { drivePoints } from '@app/domain/screening/drive-rules';
import type { ScreeningDriveRepository } from '@app/persistence/repositories/screening-drive.repository';

/** The screening drive's side effects: reading the drive, storing the alerts of unscreened grids, closing it. */
export function screeningDriveActivities(repository: ScreeningDriveRepository): ScreeningDriveActivities {
  return {
    async planScreeningDrive(driveId: string): Promise<DrivePlan | null> {
      const drive = await repository.findById(driveId);
      if (!drive) return null;
      const startsAt = new Date(drive.startsAt);
      const endsAt = new Date(drive.endsAt);
      return { startsAt: startsAt.toISOString(), endsAt: endsAt.toISOString(), points: drivePoints(startsAt, endsAt) };
    },

    async raiseScreeningDriveAlerts(input: DriveAlertInput): Promise<number> {
      const drive = await repository.findById(input.driveId);
      if (!drive) return 0;
      return repository.raiseAlerts({
        driveId: input.driveId,
        kind: input.point.kind,
        level: input.point.level,
        deadline: new Date(drive.endsAt).toISOString(),
        raisedAt: input.raisedAt,
        fallbackCenter: GRID_CENTER,
      });
    },

    async closeScreeningDrive(input: { driveId: string; closedAt: string }): Promise<void> {
      await repository.close(input.driveId, input.closedAt);
    },
  };
}
