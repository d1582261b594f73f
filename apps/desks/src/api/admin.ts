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
  [/^missing rule for (\w+) × (\w+)$/, (m) => v('missingRule', { stage: label('stage', m[1]), slaClass: label('slaClass', m[2]) })],
  [/^need 0 <= level2AfterMs <= level3AfterMs/, () => v('escalationSteps')],
  [/severity MAJOR always goes to a street-level unit/, () => v('majorToStreet')],
  [/same category, grid level and severity as row (\d+)/, (m) => v('duplicateRow', { n: m[1] })],
  [
    /^no row routes (\w+) × grid level (\w+) × severity (\w+)$/,
    (m) => v('uncovered', { category: label('category', m[1]), gridLevel: label('gridLevel', m[2]), severity: label('severity', m[3]) }),
  ],
  [/^'(.*)' is not a date/, (m) => v('notADate', { date: m[1] })],
  [/^(\d{4}-\d{2}-\d{2}) is not in (\d{4})$/, (m) => v('notInYear', { date: m[1], year: m[2] })],
  [/^(\d{4}-\d{2}-\d{2}) is a weekday/, (m) => v('workdayIsWeekday', { date: m[1] })],
  [/^(\d{4}-\d{2}-\d{2}) is listed both as a holiday and as a workday$/, (m) => v('bothHolidayAndWorkday', { date: m[1] })],
  [/^must be a year from (\d+) to (\d+)/, (m) => v('year', { from: m[1], to: m[2] })],
]);
