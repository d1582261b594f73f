/**
 * The demo staff accounts of API.md "Demo data". DEMO DATA: the display names are invented and
 * marked （演示）. No passwords here: every demo account logs in with the configured
 * DEMO_PASSWORD (default `demo-pass-2026`), which the seeding code hashes.
 */
import type { CenterCode, Role } from '../enums';
import { DEMO_COMMUNITY_CODES, DEMO_UNIT_IDS } from './demo-territory';

export type SupervisorLevel = 1 | 2 | 3;

export interface DemoAccount {
  /** A fixed UUID. */
  id: string;
  username: string;
  displayName: string;
  roles: Role[];
  centerCode?: CenterCode;
  /** The unit pools the account works (mediators); empty otherwise. */
  unitIds: string[];
  supervisorLevel?: SupervisorLevel;
  /** The base grid a grid worker patrols; a resident reporter's: their group's grid. */
  gridCode?: string;
  /** REPORTER: the resident group (居民小组) they report for. */
  residentGroupCode?: string;
}

/** Fixed account ids (`…0000000010xx`). */
export const DEMO_ACCOUNT_IDS = {
  clerk1: '00000000-0000-4000-8000-000000001001',
  grid1: '00000000-0000-4000-8000-000000001002',
  mediator1: '00000000-0000-4000-8000-000000001003',
  mediator2: '00000000-0000-4000-8000-000000001004',
  mediator3: '00000000-0000-4000-8000-000000001005',
  supervisor1: '00000000-0000-4000-8000-000000001006',
  supervisor2: '00000000-0000-4000-8000-000000001007',
  supervisor3: '00000000-0000-4000-8000-000000001008',
  admin: '00000000-0000-4000-8000-000000001009',
  reporter1: '00000000-0000-4000-8000-000000001010',
} as const;

/** grid1 patrols the first base grid of 新村社区. */
export const DEMO_GRID1_GRID_CODE = `${DEMO_COMMUNITY_CODES.XINCUN}-G01`;

/** Resident groups (居民小组) of the demo: one in grid1's grid, where reporter1 reports from. DEMO DATA. */
export const DEMO_RESIDENT_GROUPS = [
  { code: `${DEMO_GRID1_GRID_CODE}-R01`, name: '新村社区第一居民小组（演示）', gridCode: DEMO_GRID1_GRID_CODE },
];

export const DEMO_ACCOUNTS: DemoAccount[] = [
  {
    id: DEMO_ACCOUNT_IDS.clerk1,
    username: 'clerk1',
    displayName: '王敏（演示）',
    roles: ['CLERK'],
    unitIds: [],
  },
  {
    id: DEMO_ACCOUNT_IDS.grid1,
    username: 'grid1',
    displayName: '李强（演示）',
    roles: ['GRID_WORKER'],
    centerCode: 'WG',
    unitIds: [],
    gridCode: DEMO_GRID1_GRID_CODE,
  },
  {
    id: DEMO_ACCOUNT_IDS.mediator1,
    username: 'mediator1',
    displayName: '张华（演示）',
    roles: ['MEDIATOR'],
    centerCode: 'TJ',
    unitIds: [DEMO_UNIT_IDS.XINCUN_MEDIATION_COMMITTEE, DEMO_UNIT_IDS.STREET_MEDIATION_COMMITTEE],
  },
  {
    id: DEMO_ACCOUNT_IDS.mediator2,
    username: 'mediator2',
    displayName: '刘芳（演示）',
    roles: ['MEDIATOR'],
    centerCode: 'TJ',
    unitIds: [DEMO_UNIT_IDS.XINCUN_MEDIATION_COMMITTEE, DEMO_UNIT_IDS.STREET_MEDIATION_COMMITTEE],
  },
  {
    id: DEMO_ACCOUNT_IDS.mediator3,
    username: 'mediator3',
    displayName: '陈静（演示）',
    roles: ['MEDIATOR'],
    centerCode: 'TJ',
    unitIds: [DEMO_UNIT_IDS.XIAOTANG_MEDIATION_COMMITTEE],
  },
  {
    id: DEMO_ACCOUNT_IDS.supervisor1,
    username: 'supervisor1',
    displayName: '赵刚（演示）',
    roles: ['SUPERVISOR'],
    centerCode: 'TJ',
    unitIds: [],
    supervisorLevel: 1,
  },
  {
    id: DEMO_ACCOUNT_IDS.supervisor2,
    username: 'supervisor2',
    displayName: '孙丽（演示）',
    roles: ['SUPERVISOR'],
    unitIds: [],
    supervisorLevel: 2,
  },
  {
    id: DEMO_ACCOUNT_IDS.supervisor3,
    username: 'supervisor3',
    displayName: '周建国（演示）',
    roles: ['SUPERVISOR'],
    unitIds: [],
    supervisorLevel: 3,
  },
  {
    id: DEMO_ACCOUNT_IDS.admin,
    username: 'admin',
    displayName: '系统管理员（演示）',
    roles: ['ADMIN'],
    unitIds: [],
  },
  {
    id: DEMO_ACCOUNT_IDS.reporter1,
    username: 'reporter1',
    displayName: '吴秀兰（演示）',
    roles: ['REPORTER'],
    unitIds: [],
    gridCode: DEMO_GRID1_GRID_CODE,
    residentGroupCode: DEMO_RESIDENT_GROUPS[0].code,
  },
];
