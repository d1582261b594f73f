import { Injectable } from '@nestjs/common';
import { ResidentGroupRepository } from '@app/persistence/repositories/resident-group.repository';
import type { Role } from '@app/domain/enums';
import type { AuthUser } from '../auth/auth.types';
import { ApiError } from '../common/api-error';

/** The channel of a resident reporter's report (民情联络员,居民小组). */
export const REPORTER_CHANNEL = 'RESIDENT_REPORTER';

/**
 * What a REPORTER may report (docs/key-persons.md "Resident reporters"): through their own
 * channel, in the grid of their resident group, and never accepted at once.
 */
@Injectable()
export class ReporterIntake {
  constructor(private readonly groups: ResidentGroupRepository) {}

  async check(user: AuthUser, role: Role, report: { channel: string; gridCode: string }): Promise<void> {
    if (role !== 'REPORTER') {
      if (report.channel === REPORTER_CHANNEL)
        throw ApiError.rule([`channel: ${REPORTER_CHANNEL} is for the reports of resident reporters (REPORTER) only`]);
      return;
    }
    const group = await this.groups.ofUser(user.id);
    if (!group || !group.active)
      throw ApiError.forbidden('this REPORTER account belongs to no active resident group: ask the administrator');
    const problems: string[] = [];
    if (report.channel !== REPORTER_CHANNEL)
      problems.push(`channel: a resident reporter reports through ${REPORTER_CHANNEL}`);
    if (report.gridCode !== group.gridCode)
      problems.push(`gridCode: your resident group ${group.name} is in grid ${group.gridCode}`);
    if (problems.length > 0) throw ApiError.rule(problems);
  }
}
