import type { CaseListQuery } from '@/api/disputes';
import type { StatsGroupBy } from '@/api/stats';
import type { CaseView } from '@/api/types';

/**
 * Which cases a list shows: the GET /api/disputes filter, and for the group of cases not yet
 * routed (no center, no unit: the list has no filter for "none") the field that must be empty,
 * checked on each page of the answer.
 */
export interface CaseSelection {
  query: CaseListQuery;
  without?: 'centerCode' | 'unitId';
}

/** The list filter of a group of GET /api/stats. */
export function groupSelection(groupBy: StatsGroupBy, group: string | null): CaseSelection {
  if (group === null) {
    if (groupBy === 'center') return { query: {}, without: 'centerCode' };
    if (groupBy === 'unit') return { query: {}, without: 'unitId' };
    return { query: {} };
  }
  switch (groupBy) {
    case 'center':
      return { query: { centerCode: group as CaseListQuery['centerCode'] } };
    case 'unit':
      return { query: { unitId: group } };
    case 'community':
      return { query: { communityCode: group } };
    case 'grid':
      return { query: { gridCode: group } };
    case 'category':
      return { query: { category: group as CaseListQuery['category'] } };
  }
}

/** `selection` narrowed further (a stage, overdue only). */
export function narrow(selection: CaseSelection, query: CaseListQuery): CaseSelection {
  return { ...selection, query: { ...selection.query, ...query } };
}

export function matches(selection: CaseSelection, item: CaseView): boolean {
  return !selection.without || !item[selection.without];
}
