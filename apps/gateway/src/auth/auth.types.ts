import type { Actor } from '@app/contracts';
import type { CenterCode, Role } from '@app/domain/enums';

/** The signed-in staff member, as the access token carries them. */
export interface AuthUser {
  id: string;
  username: string;
  roles: Role[];
  centerCode?: CenterCode;
  unitIds: string[];
  supervisorLevel?: number;
}

/** The actor a workflow sees: the role the route was entered with decides what they may do. */
export function actorOf(user: AuthUser, role: Role): Actor {
  return {
    userId: user.id,
    role,
    unitIds: user.unitIds,
    centerCode: user.centerCode,
    supervisorLevel: user.supervisorLevel,
  };
}
