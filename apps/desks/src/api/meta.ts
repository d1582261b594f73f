import { api, unwrap } from './request';
import type { Territory } from './types';

let territory: Promise<Territory> | undefined;

/** Communities, grids and units for forms; read once per page load (it changes with ADMIN work only). */
export function getTerritory(): Promise<Territory> {
  territory ??= unwrap(api.GET('/meta/territory')).catch((error: unknown) => {
    territory = undefined;
    throw error;
  });
  return territory;
}

/** After an ADMIN changed the territory (区域管理): the next form reads it again. */
export function forgetTerritory(): void {
  territory = undefined;
}
