import { DataSource } from 'typeorm';
import { CaseEventEntity } from './entities/case-event.entity';
import { CaseEntity } from './entities/case.entity';
import { CenterEntity, CommunityEntity, GridEntity, UnitEntity } from './entities/territory.entities';
import { UserEntity } from './entities/user.entity';
import { InitialSchema1764331200000 } from './migrations/1764331200000-initial-schema';
import { SlaAndAlerts1764338400000 } from './migrations/1764338400000-sla-and-alerts';
import { ReadModels1764345600000 } from './migrations/1764345600000-read-models';
import { AppRole1764352800000 } from './migrations/1764352800000-app-role';
import { IntakeAndGateway1764349200000 } from './migrations/1764349200000-intake-and-gateway';
import { RoutingRules1764356400000 } from './migrations/1764356400000-routing-rules';
import { MeasureTotals1764360000000 } from './migrations/1764360000000-measure-totals';
import { StatsReadPaths1764363600000 } from './migrations/1764363600000-stats-read-paths';
import { MeasureHistory1764367200000 } from './migrations/1764367200000-measure-history';
import { LiveStreams1764950400000 } from './migrations/1764950400000-live-streams';
import { IntakeCenterAlerts1764954000000 } from './migrations/1764954000000-intake-center-alerts';
import { AlertReasons1764957600000 } from './migrations/1764957600000-alert-reasons';
import { MediatorDesk1765040000000 } from './migrations/1765040000000-mediator-desk';
import { CaseListByCommunity1765123200000 } from './migrations/1765123200000-case-list-by-community';
import { RepeatParty1765126800000 } from './migrations/1765126800000-repeat-party';
import { CalendarGaps1765130400000 } from './migrations/1765130400000-calendar-gaps';
import { IdempotencyOwner1796139477082 } from './migrations/1796139477082-idempotency-owner';
import { AdminAlerts1796141021942 } from './migrations/1796141021942-admin-alerts';
import { SessionVersion1796150197903 } from './migrations/1796150197903-session-version';
import { AuditTrail1796138555393 } from './migrations/1796138555393-audit-trail';
import { SignInHardening1796138621033 } from './migrations/1796138621033-sign-in-hardening';
import { ReferenceData1796138636654 } from './migrations/1796138636654-reference-data';
import { TerritoryActive1796138650657 } from './migrations/1796138650657-territory-active';
import { KeyPersonsAndReporters1796139946835 } from './migrations/1796139946835-key-persons-and-reporters';
import { UpALevel1796138661870 } from './migrations/1796138661870-up-a-level';
import { ScreeningDrives1796149877927 } from './migrations/1796149877927-screening-drives';
import { Briefings1796149725095 } from './migrations/1796149725095-briefings';
import { JointHandling1796149928435 } from './migrations/1796149928435-joint-handling';
import { MeasureEdgeIndexes1796165742137 } from './migrations/1796165742137-measure-edge-indexes';
import { MeasureChanges1796216400000 } from './migrations/1796216400000-measure-changes';
import { MeasureHistText1796220000000 } from './migrations/1796220000000-measure-hist-text';
import { MeasureEdgeCovering1796223600000 } from './migrations/1796223600000-measure-edge-covering';
import { AssistingCenters1796153953953 } from './migrations/1796153953953-assisting-centers';

export const ENTITIES = [
  CaseEventEntity,
  CaseEntity,
  UserEntity,
  CenterEntity,
  GridEntity,
  CommunityEntity,
  UnitEntity,
];
export const MIGRATIONS = [
  InitialSchema1764331200000,
  SlaAndAlerts1764338400000,
  ReadModels1764345600000,
  IntakeAndGateway1764349200000,
  AppRole1764352800000,
  RoutingRules1764356400000,
  MeasureTotals1764360000000,
  StatsReadPaths1764363600000,
  MeasureHistory1764367200000,
  LiveStreams1764950400000,
  IntakeCenterAlerts1764954000000,
  AlertReasons1764957600000,
  MediatorDesk1765040000000,
  CaseListByCommunity1765123200000,
  RepeatParty1765126800000,
  CalendarGaps1765130400000,
  IdempotencyOwner1796139477082,
  AdminAlerts1796141021942,
  SessionVersion1796150197903,
  AuditTrail1796138555393,
  SignInHardening1796138621033,
  ReferenceData1796138636654,
  TerritoryActive1796138650657,
  KeyPersonsAndReporters1796139946835,
  UpALevel1796138661870,
  ScreeningDrives1796149877927,
  Briefings1796149725095,
  JointHandling1796149928435,
  AssistingCenters1796153953953,
  MeasureEdgeIndexes1796165742137,
  MeasureChanges1796216400000,
  MeasureHistText1796220000000,
  MeasureEdgeCovering1796223600000,
];

/**
 * The limits of the gateway's and the worker's pools (README: DB_CONNECT_TIMEOUT_MS,
 * DB_STATEMENT_TIMEOUT_MS, DB_IDLE_IN_TRANSACTION_TIMEOUT_MS, DB_IDLE_TIMEOUT_MS); 0 is no limit.
 * A statement or a transaction left hanging (a lock wait, a stuck client) is ended by PostgreSQL
 * instead of holding a connection and its locks for ever; a pool that cannot connect says so.
 */
export interface PoolLimits {
  connectTimeoutMs: number;
  statementTimeoutMs: number;
  idleInTransactionTimeoutMs: number;
  idleTimeoutMs: number;
}

export function poolLimitsOf(config: {
  dbConnectTimeoutMs: number;
  dbStatementTimeoutMs: number;
  dbIdleInTransactionTimeoutMs: number;
  dbIdleTimeoutMs: number;
}): PoolLimits {
  return {
    connectTimeoutMs: config.dbConnectTimeoutMs,
    statementTimeoutMs: config.dbStatementTimeoutMs,
    idleInTransactionTimeoutMs: config.dbIdleInTransactionTimeoutMs,
    idleTimeoutMs: config.dbIdleTimeoutMs,
  };
}

/** Schema changes go through MIGRATIONS only: synchronize stays off. Without `limits`: node-postgres's defaults (none). */
export function dataSourceOptions(url: string, poolSize = 10, limits?: PoolLimits) {
  return {
    type: 'postgres' as const,
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    synchronize: false,
    migrationsRun: false,
    logging: false,
    extra: {
      max: poolSize,
      application_name: 'mediation-engine',
      ...(limits && {
        connectionTimeoutMillis: limits.connectTimeoutMs,
        idleTimeoutMillis: limits.idleTimeoutMs,
        // Session settings sent with each new connection (node-postgres: 0 leaves them unset).
        statement_timeout: limits.statementTimeoutMs,
        idle_in_transaction_session_timeout: limits.idleInTransactionTimeoutMs,
      }),
    },
  };
}

export function createDataSource(url: string, poolSize?: number, limits?: PoolLimits): DataSource {
  return new DataSource(dataSourceOptions(url, poolSize, limits));
}

export async function runMigrations(url: string): Promise<string[]> {
  const dataSource = createDataSource(url, 2);
  await dataSource.initialize();
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await dataSource.destroy();
  }
}
