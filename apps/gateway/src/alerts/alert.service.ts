import { Injectable } from '@nestjs/common';
import { AlertReadRepository, type AlertView } from '@app/persistence/repositories/alert-read.repository';
import type { AuthUser } from '../auth/auth.types';
import { ApiError } from '../common/api-error';
import { canSeeAlert } from './alert-access';
import type { AlertListDto, AlertListQueryDto, AlertViewDto } from './alert.dto';

@Injectable()
export class AlertService {
  constructor(private readonly alerts: AlertReadRepository) {}

  /** The same visibility as the live stream: level and center for supervisors, warnings of the pool for mediators. */
  async list(user: AuthUser, query: AlertListQueryDto): Promise<AlertListDto> {
    const page = { limit: query.limit, cursor: query.cursor };
    const supervisorLevel = user.roles.includes('SUPERVISOR') ? (user.supervisorLevel ?? 1) : undefined;
    const result =
      supervisorLevel !== undefined
        ? await this.alerts.list({
            acknowledged: query.acknowledged,
            maxLevel: supervisorLevel,
            centerCode: supervisorLevel === 1 ? (user.centerCode ?? '') : undefined,
            page,
          })
        : await this.alerts.list({ acknowledged: query.acknowledged, maxLevel: 0, unitIds: user.unitIds, page });
    return { items: result.items.map(toDto), nextCursor: result.nextCursor };
  }

  async acknowledge(user: AuthUser, id: string): Promise<AlertViewDto> {
    const alert = await this.alerts.findById(id);
    if (!alert) throw ApiError.notFound(`alert ${id}`);
    if (!canSeeAlert(user, alert)) throw ApiError.forbidden('this alert is not one of yours to acknowledge');
    return toDto((await this.alerts.acknowledge(id, user.id))!);
  }
}

export function toDto(alert: AlertView): AlertViewDto {
  return {
    id: alert.id,
    caseId: alert.caseId,
    caseNo: alert.caseNo,
    stage: alert.stage,
    kind: alert.kind,
    level: alert.level,
    deadline: alert.deadline ? new Date(alert.deadline).toISOString() : null,
    raisedAt: new Date(alert.raisedAt).toISOString(),
    acknowledgedAt: alert.acknowledgedAt ? new Date(alert.acknowledgedAt).toISOString() : undefined,
    acknowledgedBy: alert.acknowledgedBy ?? undefined,
    reason: (alert.reason as AlertViewDto['reason']) ?? null,
  };
}
