import { label, t } from '@/locales';
import { addValidationTexts, ApiError } from './errors';
import { api, unwrap } from './request';
import type { components } from './schema';

/** 管理: staff accounts, the holiday calendar, the SLA policy and the routing table (ADMIN). */
type Schemas = components['schemas'];
export type User = Schemas['UserDto'];
export type CreateUser = Schemas['CreateUserDto'];
export type UpdateUser = Schemas['UpdateUserDto'];
export type RoutingRule = Schemas['RoutingRuleDto'];
export type SlaRule = Schemas['SlaRuleDto'];
export type SlaPolicy = Schemas['SlaPolicyDto'];
export type CalendarYear = Schemas['CalendarYearDto'];

export function listUsers(query: { limit?: number; cursor?: string } = {}) {
  return unwrap(api.GET('/admin/users', { params: { query } }));
}

export function createUser(body: CreateUser) {
  return unwrap(api.POST('/admin/users', { body }));
}

export function updateUser(id: string, body: UpdateUser) {
  return unwrap(api.PATCH('/admin/users/{id}', { params: { path: { id } }, body }));
}

/** A year's calendar, or `null` when the year was never loaded (404). */
export async function getCalendarYear(year: number): Promise<CalendarYear | null> {
  try {
    return await unwrap(api.GET('/admin/calendar/{year}', { params: { path: { year } } }));
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return null;
    throw error;
  }
}

export function saveCalendarYear(year: number, body: CalendarYear) {
  return unwrap(api.PUT('/admin/calendar/{year}', { params: { path: { year } }, body }));
}

/** Years deadlines were computed into without their calendar (counted Monday to Friday until loaded). */
export function getCalendarGaps() {
  return unwrap(api.GET('/admin/calendar-gaps'));
}

export function getSlaPolicy() {
  return unwrap(api.GET('/admin/sla-policy'));
}

export function saveSlaPolicy(body: SlaPolicy) {
  return unwrap(api.PUT('/admin/sla-policy', { body }));
}

export function getRoutingRules() {
  return unwrap(api.GET('/admin/routing-rules'));
}

export function saveRoutingRules(body: { rules: RoutingRule[] }) {
  return unwrap(api.PUT('/admin/routing-rules', { body }));
}

/**
 * The gateway's messages of the admin forms in Chinese (the field path before them is placed by
 * the page: `rules.3: rule 4 (…): has neither …` goes beside row 4).
 */
const v = (key: string, params?: Record<string, string | number>) => t(`admin.validation.${key}`, params);
addValidationTexts([
  [/^username must be \d+ to \d+ letters/, () => v('username')],
  [/^password must be longer than or equal to (\d+) characters?$/, (m) => v('passwordLength', { n: m[1] })],
  [/^unknown center /, () => v('unknownCenter')],
  [/^unknown unit /, () => v('unknownUnit')],
  [/a SUPERVISOR needs a level/, () => v('levelRequired')],
  [/only a SUPERVISOR has a level/, () => v('levelOnlySupervisor')],
  [/a level-1 supervisor needs the center/, () => v('levelOneCenter')],
  [/only a GRID_WORKER patrols a grid/, () => v('gridOnlyWorker')],
  [/^give at least one field to change$/, () => v('nothingChanged')],
  [/has neither workingDays nor duration$/, () => v('noTerm')],
  [/has both workingDays and duration/, () => v('bothTerms')],
  [/workingDays must be a whole number of at least 1/, () => v('workingDays')],
  [/months and years have no fixed length/, () => v('durationMonths')],
  [/is not an ISO 8601 duration/, () => v('durationFormat')],
  [/duration \S+ is zero$/, () => v('durationZero')],
  [/duplicates rule (\d+)$/, (m) => v('duplicateRule', { n: m[1] })],
  [
    /^missing rule for (\w+) × (\w+)$/,
    (m) => v('missingRule', { stage: label('stage', m[1]), slaClass: label('slaClass', m[2]) }),
  ],
  [/^need 0 <= level2AfterMs <= level3AfterMs/, () => v('escalationSteps')],
  [/severity MAJOR always goes to a street-level unit/, () => v('majorToStreet')],
  [/same category, grid level and severity as row (\d+)/, (m) => v('duplicateRow', { n: m[1] })],
  [
    /^no row routes (\w+) × grid level (\w+) × severity (\w+)$/,
    (m) =>
      v('uncovered', {
        category: label('category', m[1]),
        gridLevel: label('gridLevel', m[2]),
        severity: label('severity', m[3]),
      }),
  ],
  [/^'(.*)' is not a date/, (m) => v('notADate', { date: m[1] })],
  [/^(\d{4}-\d{2}-\d{2}) is not in (\d{4})$/, (m) => v('notInYear', { date: m[1], year: m[2] })],
  [/^(\d{4}-\d{2}-\d{2}) is a weekday/, (m) => v('workdayIsWeekday', { date: m[1] })],
  [
    /^(\d{4}-\d{2}-\d{2}) is listed both as a holiday and as a workday$/,
    (m) => v('bothHolidayAndWorkday', { date: m[1] }),
  ],
  [/^must be a year from (\d+) to (\d+)/, (m) => v('year', { from: m[1], to: m[2] })],
]);

// ---- 区域管理: the territory (centers, communities, grids, units) ----

export type AdminTerritory = Schemas['AdminTerritoryDto'];
export type AdminGrid = Schemas['AdminGridDto'];
export type AdminCommunity = Schemas['AdminCommunityDto'];
export type AdminUnit = Schemas['AdminUnitDto'];
export type AdminCenter = Schemas['AdminCenterDto'];

export function getAdminTerritory() {
  return unwrap(api.GET('/admin/territory'));
}

export function createCenter(body: Schemas['CreateCenterDto']) {
  return unwrap(api.POST('/admin/territory/centers', { body }));
}

export function updateCenter(code: AdminCenter['code'], body: Schemas['UpdateCenterDto']) {
  return unwrap(api.PATCH('/admin/territory/centers/{code}', { params: { path: { code } }, body }));
}

export function createCommunity(body: Schemas['CreateCommunityDto']) {
  return unwrap(api.POST('/admin/territory/communities', { body }));
}

export function updateCommunity(code: string, body: Schemas['UpdateCommunityDto']) {
  return unwrap(api.PATCH('/admin/territory/communities/{code}', { params: { path: { code } }, body }));
}

export function createGrid(body: Schemas['CreateGridDto']) {
  return unwrap(api.POST('/admin/territory/grids', { body }));
}

export function updateGrid(code: string, body: Schemas['UpdateGridDto']) {
  return unwrap(api.PATCH('/admin/territory/grids/{code}', { params: { path: { code } }, body }));
}

export function createUnit(body: Schemas['CreateUnitDto']) {
  return unwrap(api.POST('/admin/territory/units', { body }));
}

export function updateUnit(id: string, body: Schemas['UpdateUnitDto']) {
  return unwrap(api.PATCH('/admin/territory/units/{id}', { params: { path: { id } }, body }));
}

const tv = (key: string, params?: Record<string, string | number>) => t(`admin.territory.validation.${key}`, params);
addValidationTexts([
  [/must be 1 to 32 letters, digits, "-" or "_"/, () => tv('code')],
  [/must be 1 to \d+ characters, not only blanks/, () => tv('name')],
  [/still has active grids \(([^)]*)\)/, (m) => tv('activeGrids', { list: m[1] })],
  [/still has active units \(([^)]*)\)/, (m) => tv('activeUnits', { list: m[1] })],
  [/routing rules ([\d, ]+) send cases to center/, (m) => tv('routingRules', { list: m[1] })],
  [/is the main unit of center (\w+)/, (m) => tv('mainUnit', { center: label('center', m[1]) })],
  [/only a STREET unit can be its center's main unit/, () => tv('mainStreetOnly')],
  [/is the street grid: it is renamed only/, () => tv('streetGrid')],
  [/is the grid of community (\S+): it moves nowhere/, (m) => tv('communityGrid', { code: m[1] })],
  [/is a (\w+) grid; a base grid belongs to a COMMUNITY grid/, () => tv('parentLevel')],
  [/^unknown grid "(.*)"$/, (m) => tv('unknownGrid', { code: m[1] })],
  [/is inactive/, () => tv('inactive')],
  [/^required for a COMMUNITY unit$/, () => tv('communityRequired')],
  [/a STREET unit serves the whole street/, () => tv('streetUnitCommunity')],
  [/no street grid yet/, () => tv('noStreet')],
]);
