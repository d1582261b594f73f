/**
 * Territory files (docs/territory.md): the street's grids, its communities, the centers and the
 * handling units (each unit is a task pool), as JSON or CSV. Reading checks every record and
 * field and names the line; planning checks the file against what the database already holds and
 * says, record by record, what an import creates and updates. Pure: no I/O (beside the domain,
 * not in it: the workflow code's library imports nothing but itself).
 */
import { parse as parseCsv } from 'csv-parse/sync';
import {
  CENTER_CODES,
  GRID_LEVELS,
  UNIT_LEVELS,
  type CenterCode,
  type GridLevel,
  type UnitLevel,
} from '@app/domain/enums';
import type { Center, Community, Grid, Territory, Unit } from '@app/domain/territory/territory.types';

/** A unit as a file gives it: the id may be left out (a new unit gets one; an existing code keeps its own). */
export type UnitRecord = Omit<Unit, 'id'> & { id?: string };

/** A record and where it stands in the file ("line 12, grids[3]" or "line 12"). */
export interface Located<T> {
  value: T;
  where: string;
}

export interface TerritoryFileContent {
  streetCode?: string;
  centers: Located<Center>[];
  communities: Located<Community>[];
  grids: Located<Grid>[];
  units: Located<UnitRecord>[];
}

export type TerritoryFileFormat = 'json' | 'csv';

/** Codes of grids, communities and units: what an intake's gridCode may hold (max 32). */
export const TERRITORY_CODE = /^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const TERRITORY_NAME_MAX = 100;
const CONTROL = /[\u0000-\u001f\u007f]/;

const LISTS = ['centers', 'communities', 'grids', 'units'] as const;
type ListName = (typeof LISTS)[number];
const TOP_LEVEL_KEYS = new Set<string>(['comment', 'streetCode', 'streetName', ...LISTS]);
const FIELDS: Record<ListName, string[]> = {
  centers: ['code', 'name'],
  communities: ['code', 'name', 'gridCode'],
  grids: ['code', 'name', 'level', 'parentCode', 'communityCode'],
  units: ['id', 'code', 'name', 'centerCode', 'level', 'communityCode', 'isMain'],
};
/** CSV: one record a line, `kind` says which list; a field a kind does not have stays empty. */
export const CSV_COLUMNS = [
  'kind',
  'code',
  'name',
  'level',
  'parentCode',
  'communityCode',
  'gridCode',
  'centerCode',
  'isMain',
  'id',
];
const CSV_KINDS: Record<string, ListName> = {
  center: 'centers',
  community: 'communities',
  grid: 'grids',
  unit: 'units',
};

export function formatOfFile(fileName: string): TerritoryFileFormat | undefined {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.json')) return 'json';
  if (lower.endsWith('.csv')) return 'csv';
  return undefined;
}

/** Reads a territory file; every problem is named with its line and field, none is skipped. */
export function readTerritoryFile(
  text: string,
  format: TerritoryFileFormat,
): { content: TerritoryFileContent; errors: string[] } {
  const content: TerritoryFileContent = { centers: [], communities: [], grids: [], units: [] };
  const errors: string[] = [];
  const body = text.replace(/^\uFEFF/, '');
  if (format === 'json') readJson(body, content, errors);
  else readCsv(body, content, errors);
  return { content, errors };
}

function readJson(text: string, content: TerritoryFileContent, errors: string[]): void {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const position = /position (\d+)/.exec(message);
    errors.push(
      position
        ? `line ${lineAt(text, Number(position[1]))}: not valid JSON (${message})`
        : `not valid JSON (${message})`,
    );
    return;
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    errors.push('line 1: the file must hold one JSON object {streetCode?, centers, communities, grids, units}');
    return;
  }
  const lines = elementLines(text);
  const top = data as Record<string, unknown>;
  for (const key of Object.keys(top)) {
    if (!TOP_LEVEL_KEYS.has(key)) errors.push(`${key}: unknown key (allowed: ${[...TOP_LEVEL_KEYS].join(', ')})`);
  }
  if (top.streetCode !== undefined) {
    if (typeof top.streetCode !== 'string' || !TERRITORY_CODE.test(top.streetCode))
      errors.push('streetCode: must be a code (letters, digits, - and _, up to 32)');
    else content.streetCode = top.streetCode;
  }
  for (const list of LISTS) {
    const entries = top[list];
    if (entries === undefined) continue;
    if (!Array.isArray(entries)) {
      errors.push(`${list}: must be an array`);
      continue;
    }
    entries.forEach((entry, index) => {
      const line = lines.get(`${list}[${index}]`);
      const where = `${line === undefined ? '' : `line ${line}, `}${list}[${index}]`;
      if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
        errors.push(`${where}: must be an object`);
        return;
      }
      const record = entry as Record<string, unknown>;
      for (const key of Object.keys(record)) {
        if (!FIELDS[list].includes(key))
          errors.push(`${where}.${key}: unknown field (a ${list.slice(0, -1)} has ${FIELDS[list].join(', ')})`);
      }
      addRecord(list, record, where, content, errors, '.');
    });
  }
}

function readCsv(text: string, content: TerritoryFileContent, errors: string[]): void {
  let rows: { record: Record<string, string>; info: { lines: number } }[];
  try {
    rows = parseCsv(text, { columns: true, info: true, skip_empty_lines: true, trim: true, bom: true });
  } catch (error) {
    const lines = (error as { lines?: number }).lines;
    errors.push(
      `${lines ? `line ${lines}: ` : ''}not valid CSV (${error instanceof Error ? error.message : String(error)})`,
    );
    return;
  }
  const header = parseCsv(text.split(/\r?\n/, 1)[0] ?? '', { trim: true })[0] as string[] | undefined;
  const unknown = (header ?? []).filter((column) => !CSV_COLUMNS.includes(column));
  if (!header || !header.includes('kind') || !header.includes('code')) {
    errors.push(
      `line 1: the header must name the columns; kind and code are required (columns: ${CSV_COLUMNS.join(', ')})`,
    );
    return;
  }
  if (unknown.length > 0)
    errors.push(`line 1: unknown column ${unknown.join(', ')} (columns: ${CSV_COLUMNS.join(', ')})`);
  for (const { record, info } of rows) {
    const where = `line ${info.lines}`;
    const list = CSV_KINDS[record.kind];
    if (!list) {
      errors.push(`${where}, kind: must be one of ${Object.keys(CSV_KINDS).join(', ')} (got "${record.kind ?? ''}")`);
      continue;
    }
    const fields: Record<string, unknown> = {};
    for (const field of FIELDS[list]) {
      const raw = record[field];
      if (raw === undefined || raw === '') continue;
      if (field === 'isMain') fields[field] = raw === 'true' ? true : raw === 'false' ? false : raw;
      else fields[field] = raw;
    }
    for (const column of CSV_COLUMNS) {
      if (column !== 'kind' && !FIELDS[list].includes(column) && record[column]) {
        errors.push(`${where}, ${column}: a ${list.slice(0, -1)} has no ${column} (leave it empty)`);
      }
    }
    addRecord(list, fields, where, content, errors, ', ');
  }
}

/** Checks one record's fields (presence, type, form) and adds it to its list when they hold. */
function addRecord(
  list: ListName,
  r: Record<string, unknown>,
  where: string,
  content: TerritoryFileContent,
  errors: string[],
  sep: string,
): void {
  const before = errors.length;
  const at = (field: string) => `${where}${sep}${field}`;
  const text = (field: string, required: boolean, check: (value: string) => string | undefined): string | undefined => {
    const value = r[field];
    if (value === undefined || value === null || value === '') {
      if (required) errors.push(`${at(field)}: required`);
      return undefined;
    }
    if (typeof value !== 'string') {
      errors.push(`${at(field)}: must be a string`);
      return undefined;
    }
    const problem = check(value);
    if (problem) errors.push(`${at(field)}: ${problem} (got "${value.slice(0, 60)}")`);
    return problem ? undefined : value;
  };
  const code = (value: string) =>
    TERRITORY_CODE.test(value)
      ? undefined
      : 'must be 1 to 32 letters, digits, "-" or "_", starting with a letter or digit';
  const name = (value: string) =>
    value.trim() === '' || value.length > TERRITORY_NAME_MAX || CONTROL.test(value)
      ? `must be 1 to ${TERRITORY_NAME_MAX} characters without control characters`
      : undefined;
  const oneOf = (values: readonly string[]) => (value: string) =>
    values.includes(value) ? undefined : `must be one of ${values.join(', ')}`;

  switch (list) {
    case 'centers': {
      const c = text('code', true, oneOf(CENTER_CODES));
      const n = text('name', true, name);
      if (errors.length === before) content.centers.push({ value: { code: c as CenterCode, name: n!.trim() }, where });
      return;
    }
    case 'communities': {
      const c = text('code', true, code);
      const n = text('name', true, name);
      const g = text('gridCode', true, code);
      if (errors.length === before)
        content.communities.push({ value: { code: c!, name: n!.trim(), gridCode: g! }, where });
      return;
    }
    case 'grids': {
      const c = text('code', true, code);
      const n = text('name', true, name);
      const level = text('level', true, oneOf(GRID_LEVELS)) as GridLevel | undefined;
      const parentCode = text('parentCode', false, code);
      const communityCode = text('communityCode', false, code);
      if (errors.length !== before) return;
      const grid: Grid = { code: c!, name: n!.trim(), level: level! };
      if (parentCode) grid.parentCode = parentCode;
      if (communityCode) grid.communityCode = communityCode;
      content.grids.push({ value: grid, where });
      return;
    }
    case 'units': {
      const id = text('id', false, (value) => (UUID.test(value) ? undefined : 'must be a UUID'));
      const c = text('code', true, code);
      const n = text('name', true, name);
      const centerCode = text('centerCode', true, oneOf(CENTER_CODES)) as CenterCode | undefined;
      const level = text('level', true, oneOf(UNIT_LEVELS)) as UnitLevel | undefined;
      const communityCode = text('communityCode', false, code);
      const isMain = r.isMain;
      if (isMain !== undefined && typeof isMain !== 'boolean')
        errors.push(`${at('isMain')}: must be true or false (got "${String(isMain)}")`);
      if (errors.length !== before) return;
      const unit: UnitRecord = { code: c!, name: n!.trim(), centerCode: centerCode!, level: level! };
      if (id) unit.id = id.toLowerCase();
      if (communityCode) unit.communityCode = communityCode;
      if (isMain === true) unit.isMain = true;
      content.units.push({ value: unit, where });
      return;
    }
  }
}

/** What an import does: rows to insert and rows to update, by table, and how many stay as they are. */
export interface TerritoryImportPlan {
  centers: { create: Center[]; update: Center[] };
  grids: { create: Grid[]; update: Grid[] };
  communities: { create: Community[]; update: Community[] };
  units: { create: Unit[]; update: Unit[] };
  unchanged: number;
}

/**
 * Checks the file against itself and against the database's territory (`current`, inactive rows
 * included) and plans the writes. A record names a row by its code (a unit: by id when given,
 * else by code); rows the file does not name are left alone, so an import never deletes.
 * `newId` gives the id of a unit the database does not hold and the file gives no id for.
 */
export function planTerritoryImport(
  content: TerritoryFileContent,
  current: Territory,
  newId: () => string,
): { plan?: TerritoryImportPlan; errors: string[] } {
  const errors: string[] = [];
  const unique = <T>(list: Located<T>[], key: (value: T) => string, label: string) => {
    const seen = new Map<string, string>();
    for (const { value, where } of list) {
      const k = key(value);
      const first = seen.get(k);
      if (first !== undefined) errors.push(`${where}: ${label} "${k}" is already given at ${first}`);
      else seen.set(k, where);
    }
  };
  unique(content.centers, (c) => c.code, 'center');
  unique(content.communities, (c) => c.code, 'community');
  unique(content.grids, (g) => g.code, 'grid');
  unique(content.units, (u) => u.code, 'unit code');
  unique(
    content.units.filter((u) => u.value.id !== undefined),
    (u) => u.id!,
    'unit id',
  );

  // The territory after the import: the database's rows with the file's laid over them.
  const centers = new Map(current.centers.map((c) => [c.code, c]));
  const grids = new Map(current.grids.map((g) => [g.code, g]));
  const communities = new Map(current.communities.map((c) => [c.code, c]));
  for (const { value } of content.centers) centers.set(value.code, value);
  for (const { value } of content.grids) grids.set(value.code, value);
  for (const { value } of content.communities) communities.set(value.code, value);

  const streets = [...grids.values()].filter((g) => g.level === 'STREET');
  if (streets.length > 1) {
    const named = content.grids.filter((g) => g.value.level === 'STREET').map((g) => `${g.where} (${g.value.code})`);
    errors.push(
      `${named.join(', ') || 'grids'}: one street only: the territory would have ${streets.length} STREET grids (${streets.map((s) => s.code).join(', ')})`,
    );
  }
  if (content.streetCode !== undefined && streets.length === 1 && streets[0].code !== content.streetCode) {
    errors.push(`streetCode: "${content.streetCode}" is not the street grid's code "${streets[0].code}"`);
  }
  if (content.streetCode !== undefined && streets.length === 0) {
    errors.push(`streetCode: no STREET grid "${content.streetCode}" in the file or the database`);
  }

  for (const { value: g, where } of content.grids) {
    const before = current.grids.find((x) => x.code === g.code);
    if (before && before.level !== g.level) {
      errors.push(
        `${where}, level: grid ${g.code} is ${before.level} in the database; a grid's level does not change (create a new grid)`,
      );
      continue;
    }
    const parent = g.parentCode === undefined ? undefined : grids.get(g.parentCode);
    if (g.level === 'STREET') {
      if (g.parentCode !== undefined) errors.push(`${where}, parentCode: the street grid has no parent`);
      if (g.communityCode !== undefined)
        errors.push(`${where}, communityCode: the street grid belongs to no community`);
      continue;
    }
    const wanted: GridLevel = g.level === 'COMMUNITY' ? 'STREET' : 'COMMUNITY';
    if (g.parentCode === undefined)
      errors.push(`${where}, parentCode: required for a ${g.level} grid (its ${wanted} grid)`);
    else if (!parent) errors.push(`${where}, parentCode: unknown grid "${g.parentCode}"`);
    else if (parent.level !== wanted)
      errors.push(
        `${where}, parentCode: ${g.parentCode} is a ${parent.level} grid; a ${g.level} grid's parent is a ${wanted} grid`,
      );
    if (g.level === 'COMMUNITY') {
      if (g.communityCode === undefined)
        errors.push(`${where}, communityCode: required for a COMMUNITY grid (the community it is the grid of)`);
      else if (!communities.has(g.communityCode))
        errors.push(`${where}, communityCode: unknown community "${g.communityCode}"`);
      else if (communities.get(g.communityCode)!.gridCode !== g.code) {
        errors.push(
          `${where}, communityCode: community ${g.communityCode} has grid ${communities.get(g.communityCode)!.gridCode}, not ${g.code}`,
        );
      }
    } else if (parent && parent.level === 'COMMUNITY') {
      const community = parent.communityCode;
      if (g.communityCode !== undefined && g.communityCode !== community) {
        errors.push(
          `${where}, communityCode: "${g.communityCode}" is not the community of its parent grid ${parent.code} (${community ?? 'none'})`,
        );
      } else if (g.communityCode === undefined && community !== undefined) {
        g.communityCode = community;
      }
    }
  }
  for (const { value: c, where } of content.communities) {
    const grid = grids.get(c.gridCode);
    if (!grid) errors.push(`${where}, gridCode: unknown grid "${c.gridCode}"`);
    else if (grid.level !== 'COMMUNITY')
      errors.push(`${where}, gridCode: ${c.gridCode} is a ${grid.level} grid; a community's grid is a COMMUNITY grid`);
    else if (grid.communityCode !== c.code)
      errors.push(
        `${where}, gridCode: grid ${c.gridCode} belongs to community ${grid.communityCode ?? '(none)'}, not ${c.code}`,
      );
  }

  // Units: matched by id when given, else by code; the code stays unique across the table.
  const units = new Map(current.units.map((u) => [u.id, u]));
  const unitPlan = { create: [] as Unit[], update: [] as Unit[] };
  let unchanged = 0;
  for (const { value: u, where } of content.units) {
    const byCode = current.units.find((x) => x.code === u.code);
    if (u.id !== undefined && byCode && byCode.id !== u.id) {
      errors.push(`${where}, id: code ${u.code} belongs to unit ${byCode.id} in the database, not ${u.id}`);
      continue;
    }
    const id = u.id ?? byCode?.id ?? newId();
    const unit: Unit = { ...u, id };
    if (!centers.has(u.centerCode))
      errors.push(`${where}, centerCode: center ${u.centerCode} is in neither the file nor the database`);
    if (u.level === 'COMMUNITY') {
      if (u.communityCode === undefined) errors.push(`${where}, communityCode: required for a COMMUNITY unit`);
      else if (!communities.has(u.communityCode))
        errors.push(`${where}, communityCode: unknown community "${u.communityCode}"`);
    } else if (u.communityCode !== undefined) {
      errors.push(`${where}, communityCode: a STREET unit serves the whole street (leave it empty)`);
    }
    const before = units.get(id);
    units.set(id, unit);
    if (!before) unitPlan.create.push(unit);
    else if (!sameUnit(before, unit)) unitPlan.update.push(unit);
    else unchanged += 1;
  }
  const mains = new Map<string, Unit[]>();
  for (const unit of units.values()) {
    if (unit.isMain && unit.level === 'STREET')
      mains.set(unit.centerCode, [...(mains.get(unit.centerCode) ?? []), unit]);
  }
  for (const [center, list] of mains) {
    if (list.length > 1)
      errors.push(
        `units: center ${center} would have ${list.length} main street units (${list.map((u) => u.code).join(', ')}); mark one isMain`,
      );
  }

  if (errors.length > 0) return { errors };
  const split = <T extends { code: string }>(list: Located<T>[], existing: T[], same: (a: T, b: T) => boolean) => {
    const out = { create: [] as T[], update: [] as T[] };
    for (const { value } of list) {
      const before = existing.find((x) => x.code === value.code);
      if (!before) out.create.push(value);
      else if (!same(before, value)) out.update.push(value);
      else unchanged += 1;
    }
    return out;
  };
  const order: Record<GridLevel, number> = { STREET: 0, COMMUNITY: 1, BASE: 2 };
  const plan: TerritoryImportPlan = {
    centers: split(content.centers, current.centers, (a, b) => a.name === b.name),
    grids: split(
      [...content.grids].sort((a, b) => order[a.value.level] - order[b.value.level]),
      current.grids,
      (a, b) =>
        a.name === b.name &&
        a.level === b.level &&
        (a.parentCode ?? null) === (b.parentCode ?? null) &&
        (a.communityCode ?? null) === (b.communityCode ?? null),
    ),
    communities: split(
      content.communities,
      current.communities,
      (a, b) => a.name === b.name && a.gridCode === b.gridCode,
    ),
    units: unitPlan,
    unchanged,
  };
  return { plan, errors };
}

function sameUnit(a: Unit, b: Unit): boolean {
  return (
    a.code === b.code &&
    a.name === b.name &&
    a.centerCode === b.centerCode &&
    a.level === b.level &&
    (a.communityCode ?? null) === (b.communityCode ?? null) &&
    (a.isMain ?? false) === (b.isMain ?? false)
  );
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line += 1;
  return line;
}

/**
 * The line on which each element of the top-level object's arrays starts (`grids[3]` → 12), for
 * error messages. Assumes valid JSON (JSON.parse passed).
 */
function elementLines(text: string): Map<string, number> {
  const out = new Map<string, number>();
  const stack: (
    { kind: 'object'; key?: string } | { kind: 'array'; key?: string; index: number; expectValue: boolean }
  )[] = [];
  let line = 1;
  let lastString: string | undefined;
  let i = 0;
  const valueStarts = () => {
    const top = stack[stack.length - 1];
    if (top && top.kind === 'array' && top.expectValue) {
      top.expectValue = false;
      if (stack.length === 2 && top.key !== undefined) out.set(`${top.key}[${top.index}]`, line);
    }
  };
  while (i < text.length) {
    const ch = text[i];
    if (ch === '\n') line += 1;
    else if (ch === '"') {
      valueStarts();
      let j = i + 1;
      let value = '';
      while (j < text.length && text[j] !== '"') {
        if (text[j] === '\\') {
          value += text[j + 1];
          j += 2;
        } else value += text[j++];
      }
      lastString = value;
      i = j;
    } else if (ch === '{' || ch === '[') {
      valueStarts();
      const parent = stack[stack.length - 1];
      const key = parent?.kind === 'object' ? parent.key : undefined;
      stack.push(ch === '{' ? { kind: 'object' } : { kind: 'array', key, index: 0, expectValue: true });
    } else if (ch === '}' || ch === ']') {
      stack.pop();
    } else if (ch === ':') {
      const top = stack[stack.length - 1];
      if (top?.kind === 'object') top.key = lastString;
    } else if (ch === ',') {
      const top = stack[stack.length - 1];
      if (top?.kind === 'array') {
        top.index += 1;
        top.expectValue = true;
      }
    } else if (!/\s/.test(ch)) {
      valueStarts();
    }
    i += 1;
  }
  return out;
}
