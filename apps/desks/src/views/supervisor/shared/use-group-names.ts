import { shallowRef } from 'vue';
import { getTerritory } from '@/api/meta';
import type { StatsGroupBy } from '@/api/stats';
import type { Territory } from '@/api/types';
import { label, t } from '@/locales';

/**
 * Names of the groups the measures and lists use, from GET /api/meta/territory (read once per
 * page load): a center code, unit id, community code or grid code becomes its name, a category
 * its Chinese label. No key means a case not yet routed (center, unit).
 */
export function useGroupNames() {
  const territory = shallowRef<Territory | null>(null);
  const ready = getTerritory().then(
    (answer) => {
      territory.value = answer;
    },
    () => undefined,
  );

  function centerName(code: string | null | undefined): string {
    if (!code) return t('stats.noGroup.center');
    return territory.value?.centers.find((center) => center.code === code)?.name ?? label('center', code);
  }

  function unitName(id: string | null | undefined): string {
    if (!id) return t('stats.noGroup.unit');
    return territory.value?.units.find((unit) => unit.id === id)?.name ?? t('stats.unknownGroup');
  }

  function groupName(groupBy: StatsGroupBy, key: string | null | undefined): string {
    if (!key) return t(`stats.noGroup.${groupBy}`);
    switch (groupBy) {
      case 'center':
        return centerName(key);
      case 'unit':
        return unitName(key);
      case 'community':
        return (
          territory.value?.communities.find((community) => community.code === key)?.name ?? t('stats.unknownGroup')
        );
      case 'grid':
        return territory.value?.grids.find((grid) => grid.code === key)?.name ?? t('stats.unknownGroup');
      case 'category':
        return label('category', key);
    }
  }

  return { territory, ready, centerName, unitName, groupName };
}
