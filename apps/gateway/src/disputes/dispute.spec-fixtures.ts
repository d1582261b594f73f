import type { CaseState } from '@app/contracts';
import type { CaseEntity } from '@app/persistence/entities/case.entity';
import type { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../auth/auth.types';
import { ApiError } from '../common/api-error';
import { CaseViewService } from './case-view.service';
import type { DisputeWorkflowClient } from './dispute-workflow.client';

/** Users and case rows for the service specs of disputes/, tasks/ and public/ (never built into dist). */
export const CLERK: AuthUser = {
  id: 'c0000000-0000-4000-8000-000000000001',
  username: 'clerk1',
  roles: ['CLERK'],
  unitIds: [],
};
export const GRID_WORKER: AuthUser = {
  id: 'g0000000-0000-4000-8000-000000000001',
  username: 'grid1',
  roles: ['GRID_WORKER'],
  unitIds: [],
};
export const REPORTER: AuthUser = {
  id: 'r0000000-0000-4000-8000-000000000001',
  username: 'reporter1',
  roles: ['REPORTER'],
  unitIds: [],
};
export const MEDIATOR: AuthUser = {
  id: 'm0000000-0000-4000-8000-000000000001',
  username: 'mediator1',
  roles: ['MEDIATOR'],
  unitIds: ['unit-a'],
};
export const SUPERVISOR_TJ: AuthUser = {
  id: 's0000000-0000-4000-8000-000000000001',
  username: 'sup1',
  roles: ['SUPERVISOR'],
  unitIds: [],
  centerCode: 'TJ',
  supervisorLevel: 1,
};

export const CASE_ID = '0a000000-0000-4000-8000-000000000001';

export function caseRow(overrides: Partial<CaseEntity> = {}): CaseEntity {
  return {
    id: CASE_ID,
    caseNo: 'JF-2026-000001',
    receiptCode: 'ABCD2345',
    stage: 'HANDLING',
    status: 'OPEN',
    channel: 'WALK_IN',
    category: 'NEIGHBOR',
    summary: '噪音',
    description: '楼上噪音',
    gridCode: 'JF-C01-G01',
    communityCode: 'JF-C01',
    address: '一号楼',
    occurredAt: null,
    urgent: false,
    parties: [{ role: 'APPLICANT', name: '张三', phone: '13812345678', idNumber: '110101199001011234' }],
    repeatParty: null,
    upALevelAt: null,
    centerCode: 'TJ',
    unitId: 'unit-a',
    assigneeId: null,
    severity: 'NORMAL',
    slaClass: 'STANDARD',
    stageEnteredAt: new Date('2026-11-30T01:00:00.000Z'),
    stageDeadline: null,
    escalationLevel: 0,
    reopenCount: 0,
    resolution: null,
    reportedBy: CLERK.id,
    lastSeq: 1,
    createdAt: new Date('2026-11-30T00:00:00.000Z'),
    updatedAt: new Date('2026-11-30T01:00:00.000Z'),
    ...overrides,
  } as CaseEntity;
}

export function caseState(overrides: Partial<CaseState> = {}): CaseState {
  return {
    caseNo: 'JF-2026-000001',
    stage: 'HANDLING',
    status: 'OPEN',
    updatedAt: '2026-11-30T02:00:00.000Z',
    ...overrides,
  } as CaseState;
}

/** The workflow client with every call mocked: `state` answers undefined (Temporal has no history) unless told. */
export function mockWorkflow() {
  return {
    start: jest.fn(),
    update: jest.fn(),
    state: jest.fn().mockResolvedValue(undefined),
    slaSettingsFor: jest.fn().mockResolvedValue(undefined),
  };
}

/**
 * The real case view over mocked repositories: the services' specs see the masking and the
 * visibility checks they rely on, with `cases.findById` answering the rows given.
 */
export function caseViews(rows: CaseEntity[]) {
  const cases = { findById: jest.fn(async (id: string) => rows.find((r) => r.id === id) ?? null) };
  const users = { displayNames: jest.fn(async (ids: string[]) => new Map(ids.map((id) => [id, `name of ${id}`]))) };
  const audit = { personalDataRevealed: jest.fn() };
  const views = new CaseViewService(cases as never, users as never, audit as unknown as AuditService);
  return { views, cases, users, audit };
}

export const asWorkflow = (mock: ReturnType<typeof mockWorkflow>) => mock as unknown as DisputeWorkflowClient;

/** The refusal a promise ends with: its status, code and message. */
export async function refusal(
  promise: Promise<unknown>,
): Promise<{ status: number; code: string; message: string | string[] }> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApiError);
  const body = (error as ApiError).getResponse() as { code: string; message: string | string[] };
  return { status: (error as ApiError).getStatus(), code: body.code, message: body.message };
}
