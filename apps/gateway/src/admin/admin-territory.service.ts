import { HttpStatus, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { CenterCode, GridLevel, UnitLevel } from '@app/domain/enums';
import { randomUUID } from 'crypto';
import { ApiError } from '../common/api-error';
import type {
  AdminCenterDto,
  AdminCommunityDto,
  AdminGridDto,
  AdminTerritoryDto,
  AdminUnitDto,
  CreateCenterDto,
  CreateCommunityDto,
  CreateGridDto,
  CreateUnitDto,
  UpdateCenterDto,
  UpdateCommunityDto,
  UpdateGridDto,
  UpdateUnitDto,
} from './admin-territory.dto';

const GRID_ORDER: Record<string, number> = { STREET: 0, COMMUNITY: 1, BASE: 2 };

interface GridRow {
  code: string;
  name: string;
  level: GridLevel;
  parent_code: string | null;
  community_code: string | null;
  active: boolean;
}
interface CommunityRow {
  code: string;
  name: string;
  grid_code: string;
  active: boolean;
}
interface UnitRow {
  id: string;
  code: string;
  name: string;
  center_code: CenterCode;
  level: UnitLevel;
  community_code: string | null;
  is_main: boolean;
  active: boolean;
}

/** A PATCH names at least one field (its schema says so: minProperties 1). */
function requireChange(dto: object): void {
  if (Object.values(dto ?? {}).every((value) => value === undefined))
    throw ApiError.validation(['give at least one field to change']);
}

const conflict = (message: string) => new ApiError(HttpStatus.CONFLICT, 'CONFLICT', message);

/**
 * The territory as an ADMIN keeps it between imports: centers, communities (with their community
 * grids), base grids and units are created, renamed, moved (a base grid, to another community) and
 * deactivated, never deleted: cases, accounts and events keep their codes. Every change runs in one
 * transaction that locks the territory tables against a concurrent import or edit, and checks the
 * rules the routing relies on (one main street unit per center, active parents, …).
 */
@Injectable()
export class AdminTerritoryService {
  constructor(private readonly dataSource: DataSource) {}

  async territory(): Promise<AdminTerritoryDto> {
    const [centers, communities, grids, units, counts] = await Promise.all([
      this.dataSource.query('SELECT code, name, active FROM centers ORDER BY code'),
      this.dataSource.query('SELECT code, name, grid_code, active FROM communities ORDER BY code') as Promise<
        CommunityRow[]
      >,
      this.dataSource.query(
        'SELECT code, name, level, parent_code, community_code, active FROM grids ORDER BY code',
      ) as Promise<GridRow[]>,
      this.dataSource.query(
        'SELECT id, code, name, center_code, level, community_code, is_main, active FROM units ORDER BY code',
      ) as Promise<UnitRow[]>,
      this.dataSource.query('SELECT grid_code, count(*)::int AS n FROM cases GROUP BY grid_code') as Promise<
        { grid_code: string; n: number }[]
      >,
    ]);
    const caseCount = new Map(counts.map((c) => [c.grid_code, c.n]));
    grids.sort((a, b) => GRID_ORDER[a.level] - GRID_ORDER[b.level]);
    return {
      streetCode: grids.find((g) => g.level === 'STREET')?.code ?? null,
      centers,
      communities: communities.map(toCommunity),
      grids: grids.map((g) => toGrid(g, caseCount.get(g.code) ?? 0)),
      units: units.map(toUnit),
    };
  }

  // ---- centers ----

  createCenter(dto: CreateCenterDto): Promise<AdminCenterDto> {
    return this.change(async (tx) => {
      const rows = await tx.query(
        'INSERT INTO centers (code, name) VALUES ($1, $2) ON CONFLICT (code) DO NOTHING RETURNING code, name, active',
        [dto.code, dto.name.trim()],
      );
      if (rows.length === 0) throw conflict(`center ${dto.code} already exists`);
      return rows[0];
    });
  }

  updateCenter(code: string, dto: UpdateCenterDto): Promise<AdminCenterDto> {
    requireChange(dto);
    return this.change(async (tx) => {
      const [center] = await tx.query('SELECT code, name, active FROM centers WHERE code = $1', [code]);
      if (!center) throw ApiError.notFound(`center ${code}`);
      if (dto.active === false && center.active) {
        const problems: string[] = [];
        const units: { code: string }[] = await tx.query(
          'SELECT code FROM units WHERE center_code = $1 AND active ORDER BY code',
          [code],
        );
        if (units.length > 0)
          problems.push(
            `active: center ${code} still has active units (${units.map((u) => u.code).join(', ')}); deactivate them first`,
          );
        const rules: { position: number }[] = await tx.query(
          'SELECT position FROM routing_rules WHERE center_code = $1 ORDER BY position',
          [code],
        );
        if (rules.length > 0)
          problems.push(
            `active: routing rules ${rules.map((r) => r.position).join(', ')} send cases to center ${code}; change the routing table first`,
          );
        if (problems.length > 0) throw ApiError.rule(problems);
      }
      const [updated] = await updateReturning(
        tx,
        'UPDATE centers SET name = COALESCE($2, name), active = COALESCE($3, active) WHERE code = $1 RETURNING code, name, active',
        [code, dto.name?.trim() ?? null, dto.active ?? null],
      );
      return updated;
    });
  }

  // ---- communities (each with its community grid) ----

  createCommunity(dto: CreateCommunityDto): Promise<AdminCommunityDto> {
    return this.change(async (tx) => {
      const gridCode = dto.gridCode ?? dto.code;
      const [street]: GridRow[] = await tx.query(`SELECT code, active FROM grids WHERE level = 'STREET'`);
      if (!street)
        throw ApiError.rule(['code: no street grid yet: import a territory file first (npm run territory:import)']);
      if ((await tx.query('SELECT 1 FROM communities WHERE code = $1', [dto.code])).length > 0)
        throw conflict(`community ${dto.code} already exists`);
      if ((await tx.query('SELECT 1 FROM grids WHERE code = $1', [gridCode])).length > 0)
        throw conflict(`grid ${gridCode} already exists`);
      const name = dto.name.trim();
      await tx.query(
        `INSERT INTO grids (code, name, level, parent_code, community_code) VALUES ($1, $2, 'COMMUNITY', $3, $4)`,
        [gridCode, dto.gridName?.trim() ?? `${name}网格`, street.code, dto.code],
      );
      const [row] = await tx.query(
        'INSERT INTO communities (code, name, grid_code) VALUES ($1, $2, $3) RETURNING code, name, grid_code, active',
        [dto.code, name, gridCode],
      );
      return toCommunity(row);
    });
  }

  updateCommunity(code: string, dto: UpdateCommunityDto): Promise<AdminCommunityDto> {
    requireChange(dto);
    return this.change(async (tx) => {
      const [community]: CommunityRow[] = await tx.query(
        'SELECT code, name, grid_code, active FROM communities WHERE code = $1',
        [code],
      );
      if (!community) throw ApiError.notFound(`community ${code}`);
      if (dto.active === false && community.active) {
        const problems: string[] = [];
        const grids: { code: string }[] = await tx.query(
          `SELECT code FROM grids WHERE community_code = $1 AND level = 'BASE' AND active ORDER BY code`,
          [code],
        );
        if (grids.length > 0)
          problems.push(
            `active: community ${code} still has active grids (${grids.map((g) => g.code).join(', ')}); deactivate or move them first`,
          );
        const units: { code: string }[] = await tx.query(
          'SELECT code FROM units WHERE community_code = $1 AND active ORDER BY code',
          [code],
        );
        if (units.length > 0)
          problems.push(
            `active: community ${code} still has active units (${units.map((u) => u.code).join(', ')}); deactivate them first`,
          );
        if (problems.length > 0) throw ApiError.rule(problems);
      }
      const [row] = await updateReturning(
        tx,
        'UPDATE communities SET name = COALESCE($2, name), active = COALESCE($3, active) WHERE code = $1 RETURNING code, name, grid_code, active',
        [code, dto.name?.trim() ?? null, dto.active ?? null],
      );
      // The community grid goes and comes back with its community.
      if (dto.active !== undefined)
        await tx.query('UPDATE grids SET active = $2 WHERE code = $1', [community.grid_code, dto.active]);
      return toCommunity(row);
    });
  }

  // ---- grids ----

  createGrid(dto: CreateGridDto): Promise<AdminGridDto> {
    return this.change(async (tx) => {
      const parent = await this.activeCommunityGrid(tx, dto.parentCode);
      if ((await tx.query('SELECT 1 FROM grids WHERE code = $1', [dto.code])).length > 0)
        throw conflict(`grid ${dto.code} already exists`);
      const [row] = await tx.query(
        `INSERT INTO grids (code, name, level, parent_code, community_code) VALUES ($1, $2, 'BASE', $3, $4)
         RETURNING code, name, level, parent_code, community_code, active`,
        [dto.code, dto.name.trim(), parent.code, parent.community_code],
      );
      return toGrid(row, 0);
    });
  }

  updateGrid(code: string, dto: UpdateGridDto): Promise<AdminGridDto> {
    requireChange(dto);
    return this.change(async (tx) => {
      const [grid]: GridRow[] = await tx.query(
        'SELECT code, name, level, parent_code, community_code, active FROM grids WHERE code = $1',
        [code],
      );
      if (!grid) throw ApiError.notFound(`grid ${code}`);
      if (grid.level !== 'BASE' && (dto.parentCode !== undefined || dto.active !== undefined)) {
        throw ApiError.rule([
          `${dto.parentCode !== undefined ? 'parentCode' : 'active'}: ` +
            (grid.level === 'STREET'
              ? `grid ${code} is the street grid: it is renamed only`
              : `grid ${code} is the grid of community ${grid.community_code}: it moves nowhere and is deactivated with its community (PATCH /api/admin/territory/communities/${grid.community_code})`),
        ]);
      }
      let parent: GridRow | undefined;
      if (dto.parentCode !== undefined && dto.parentCode !== grid.parent_code)
        parent = await this.activeCommunityGrid(tx, dto.parentCode);
      if (dto.active === true && !grid.active) {
        const [current]: GridRow[] = await tx.query('SELECT code, active FROM grids WHERE code = $1', [
          parent?.code ?? grid.parent_code,
        ]);
        if (!current?.active)
          throw ApiError.rule([
            `active: its community grid ${grid.parent_code} is inactive; move the grid (parentCode) or reactivate the community first`,
          ]);
      }
      const [row] = await updateReturning(
        tx,
        `UPDATE grids SET name = COALESCE($2, name), parent_code = COALESCE($3, parent_code), community_code = COALESCE($4, community_code),
           active = COALESCE($5, active)
         WHERE code = $1 RETURNING code, name, level, parent_code, community_code, active`,
        [code, dto.name?.trim() ?? null, parent?.code ?? null, parent?.community_code ?? null, dto.active ?? null],
      );
      const [{ n }] = await tx.query('SELECT count(*)::int AS n FROM cases WHERE grid_code = $1', [code]);
      return toGrid(row, n);
    });
  }

  private async activeCommunityGrid(tx: EntityManager, code: string): Promise<GridRow> {
    const [parent]: GridRow[] = await tx.query(
      'SELECT code, name, level, parent_code, community_code, active FROM grids WHERE code = $1',
      [code],
    );
    if (!parent) throw ApiError.rule([`parentCode: unknown grid "${code}"`]);
    if (parent.level !== 'COMMUNITY')
      throw ApiError.rule([`parentCode: ${code} is a ${parent.level} grid; a base grid belongs to a COMMUNITY grid`]);
    if (!parent.active) throw ApiError.rule([`parentCode: grid ${code} is inactive (its community was deactivated)`]);
    return parent;
  }

  // ---- units ----

  createUnit(dto: CreateUnitDto): Promise<AdminUnitDto> {
    return this.change(async (tx) => {
      const problems: string[] = [];
      const [center] = await tx.query('SELECT active FROM centers WHERE code = $1', [dto.centerCode]);
      if (!center) problems.push(`centerCode: center ${dto.centerCode} is not loaded`);
      else if (!center.active) problems.push(`centerCode: center ${dto.centerCode} is inactive`);
      if (dto.level === 'COMMUNITY') {
        if (dto.communityCode === undefined) problems.push('communityCode: required for a COMMUNITY unit');
        else await this.requireActiveCommunity(tx, dto.communityCode, problems);
        if (dto.isMain) problems.push("isMain: only a STREET unit can be its center's main unit");
      } else if (dto.communityCode !== undefined) {
        problems.push('communityCode: a STREET unit serves the whole street (leave it out)');
      }
      if (problems.length > 0) throw ApiError.rule(problems);
      if ((await tx.query('SELECT 1 FROM units WHERE code = $1', [dto.code])).length > 0)
        throw conflict(`unit ${dto.code} already exists`);
      if (dto.isMain)
        await tx.query(`UPDATE units SET is_main = false WHERE center_code = $1 AND level = 'STREET'`, [
          dto.centerCode,
        ]);
      const [row] = await tx.query(
        `INSERT INTO units (id, code, name, center_code, level, community_code, is_main) VALUES ($1, $2, $3, $4, $5, $6, $7)
         RETURNING id, code, name, center_code, level, community_code, is_main, active`,
        [
          randomUUID(),
          dto.code,
          dto.name.trim(),
          dto.centerCode,
          dto.level,
          dto.communityCode ?? null,
          dto.isMain ?? false,
        ],
      );
      return toUnit(row);
    });
  }

  updateUnit(id: string, dto: UpdateUnitDto): Promise<AdminUnitDto> {
    requireChange(dto);
    return this.change(async (tx) => {
      const [unit]: UnitRow[] = await tx.query(
        'SELECT id, code, name, center_code, level, community_code, is_main, active FROM units WHERE id = $1',
        [id],
      );
      if (!unit) throw ApiError.notFound(`unit ${id}`);
      const problems: string[] = [];
      if (dto.isMain === true && unit.level !== 'STREET')
        problems.push("isMain: only a STREET unit can be its center's main unit");
      if (dto.isMain === true && dto.active === false)
        problems.push('isMain: an inactive unit cannot be the main unit');
      if (dto.isMain === false && unit.is_main)
        problems.push(
          `isMain: ${unit.code} is the main unit of center ${unit.center_code}; make another street unit main instead`,
        );
      if (dto.active === false && unit.active && unit.is_main && dto.isMain !== true) {
        problems.push(
          `active: ${unit.code} is the main unit of center ${unit.center_code}, where routing lands; make another street unit main first`,
        );
      }
      if (dto.active === true && !unit.active && unit.community_code)
        await this.requireActiveCommunity(tx, unit.community_code, problems);
      if (dto.isMain === true && !unit.active && dto.active !== true)
        problems.push('isMain: reactivate the unit (active: true) to make it main');
      if (problems.length > 0) throw ApiError.rule(problems);
      if (dto.isMain === true)
        await tx.query(`UPDATE units SET is_main = false WHERE center_code = $1 AND level = 'STREET' AND id <> $2`, [
          unit.center_code,
          id,
        ]);
      const [row] = await updateReturning(
        tx,
        `UPDATE units SET name = COALESCE($2, name), is_main = COALESCE($3, is_main), active = COALESCE($4, active)
         WHERE id = $1 RETURNING id, code, name, center_code, level, community_code, is_main, active`,
        [id, dto.name?.trim() ?? null, dto.isMain ?? null, dto.active ?? null],
      );
      return toUnit(row);
    });
  }

  private async requireActiveCommunity(tx: EntityManager, code: string, problems: string[]): Promise<void> {
    const [community] = await tx.query('SELECT active FROM communities WHERE code = $1', [code]);
    if (!community) problems.push(`communityCode: unknown community "${code}"`);
    else if (!community.active) problems.push(`communityCode: community ${code} is inactive`);
  }

  /** One change, in a transaction holding the territory tables against concurrent writers. */
  private change<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(async (tx) => {
      await tx.query('LOCK TABLE centers, grids, communities, units IN SHARE ROW EXCLUSIVE MODE');
      return work(tx);
    });
  }
}

/** An UPDATE … RETURNING's rows (TypeORM answers an UPDATE with [rows, count]). */
async function updateReturning(tx: EntityManager, sql: string, params: unknown[]): Promise<any[]> {
  const result = await tx.query(sql, params);
  return Array.isArray(result[0]) ? result[0] : result;
}

function toCommunity(row: CommunityRow): AdminCommunityDto {
  return { code: row.code, name: row.name, gridCode: row.grid_code, active: row.active };
}

function toGrid(row: GridRow, caseCount: number): AdminGridDto {
  return {
    code: row.code,
    name: row.name,
    level: row.level,
    parentCode: row.parent_code,
    communityCode: row.community_code,
    active: row.active,
    caseCount,
  };
}

function toUnit(row: UnitRow): AdminUnitDto {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    centerCode: row.center_code,
    level: row.level,
    communityCode: row.community_code,
    isMain: row.is_main,
    active: row.active,
  };
}
