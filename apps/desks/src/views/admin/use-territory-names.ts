import { computed, shallowRef } from 'vue';
import { getTerritory } from '@/api/meta';
import type { Territory } from '@/api/types';

/**
 * The territory for the admin pages: names, never ids or codes, for centers, units and grids
 * (GET /api/meta/territory, read once per page load).
 */
export function useTerritoryNames() {
  const territory = shallowRef<Territory | null>(null);
  const loading = getTerritory().then((value) => {
    territory.value = value;
    return value;
  });

  const centers = computed(() => territory.value?.centers ?? []);
  const units = computed(() => territory.value?.units ?? []);
  const baseGrids = computed(() => (territory.value?.grids ?? []).filter((grid) => grid.level === 'BASE'));
  const byId = computed(() => new Map((territory.value?.units ?? []).map((unit) => [unit.id, unit.name])));
  const byCenter = computed(
    () => new Map<string, string>((territory.value?.centers ?? []).map((center) => [center.code, center.name])),
  );
  const byGrid = computed(() => new Map((territory.value?.grids ?? []).map((grid) => [grid.code, grid.name])));

  return {
    territory,
    loading,
    centers,
    units,
    baseGrids,
    centerName: (code: string | null | undefined) => (code ? (byCenter.value.get(code) ?? code) : ''),
    unitName: (id: string) => byId.value.get(id) ?? id,
    gridName: (code: string | null | undefined) => (code ? (byGrid.value.get(code) ?? code) : ''),
  };
}
