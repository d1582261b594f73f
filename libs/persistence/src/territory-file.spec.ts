import * as fs from 'fs';
import * as path from 'path';
import { DEMO_TERRITORY } from '@app/domain/territory/demo-territory';
import type { Territory } from '@app/domain/territory/territory.types';
import { planTerritoryImport, readTerritoryFile } from './territory-file';

const EMPTY: Territory = { streetCode: '', streetName: '', centers: [], communities: [], grids: [], units: [] };
let ids = 0;
const newId = () => `00000000-0000-4000-8000-${String(++ids).padStart(12, '0')}`;

const SMALL_CSV = [
  'kind,code,name,level,parentCode,communityCode,gridCode,centerCode,isMain,id',
  'center,TJ,矛盾纠纷调处中心,,,,,,,',
  'grid,HX,和心街道,STREET,,,,,,',
  'grid,HX-C01,东园社区网格,COMMUNITY,HX,HX-C01,,,,',
  'grid,HX-C01-G01,东园社区第1网格,BASE,HX-C01,,,,,',
  'community,HX-C01,东园社区,,,,HX-C01,,,',
  'unit,HX-TJ-TWH,和心街道人民调解委员会,STREET,,,,TJ,true,',
  'unit,HX-C01-TWH,东园社区人民调解委员会,COMMUNITY,,HX-C01,,TJ,,',
].join('\n');

describe('territory files', () => {
  it('reads the demo file with no problem, and plans all of it into an empty database', () => {
    const text = fs.readFileSync(path.join(__dirname, '../../domain/src/territory/files/demo-territory.json'), 'utf8');
    const { content, errors } = readTerritoryFile(text, 'json');
    expect(errors).toEqual([]);
    expect(content.grids).toHaveLength(146);
    const { plan } = planTerritoryImport(content, EMPTY, newId);
    expect(plan!.grids.create).toHaveLength(146);
    expect(plan!.units.create.map((u) => u.id)).toEqual(DEMO_TERRITORY.units.map((u) => u.id));
    expect(plan!.unchanged).toBe(0);
  });

  it('plans nothing when the database already holds the file (idempotent)', () => {
    const text = fs.readFileSync(path.join(__dirname, '../../domain/src/territory/files/demo-territory.json'), 'utf8');
    const { plan } = planTerritoryImport(readTerritoryFile(text, 'json').content, DEMO_TERRITORY, newId);
    const writes = [plan!.centers, plan!.grids, plan!.communities, plan!.units].flatMap((p) => [
      ...p.create,
      ...p.update,
    ]);
    expect(writes).toEqual([]);
    expect(plan!.unchanged).toBe(4 + 146 + 17 + DEMO_TERRITORY.units.length);
  });

  it('reads a CSV file, derives a base grid community from its parent, gives new units an id', () => {
    const { content, errors } = readTerritoryFile(SMALL_CSV, 'csv');
    expect(errors).toEqual([]);
    const { plan, errors: planErrors } = planTerritoryImport(content, EMPTY, newId);
    expect(planErrors).toEqual([]);
    expect(plan!.grids.create.find((g) => g.code === 'HX-C01-G01')).toMatchObject({
      parentCode: 'HX-C01',
      communityCode: 'HX-C01',
    });
    expect(plan!.units.create.map((u) => u.id).every((id) => /^0{8}-/.test(id))).toBe(true);
    expect(plan!.units.create[0]).toMatchObject({ code: 'HX-TJ-TWH', isMain: true });
  });

  it('names the line and the field of every bad CSV record, and stops there', () => {
    const bad = [
      'kind,code,name,level,parentCode,communityCode,gridCode,centerCode,isMain,id',
      'grid,HX,和心街道,STREET,,,,,,',
      'grid,HX C01,东园社区网格,TOWN,HX,,,,,',
      'unit,HX-TJ,,STREET,,,,QQ,maybe,',
      'street,HX,和心街道,,,,,,,',
    ].join('\n');
    const { errors } = readTerritoryFile(bad, 'csv');
    expect(errors).toEqual([
      expect.stringMatching(/^line 3, code: must be 1 to 32 letters/),
      expect.stringMatching(/^line 3, level: must be one of STREET, COMMUNITY, BASE \(got "TOWN"\)/),
      'line 4, name: required',
      expect.stringMatching(/^line 4, centerCode: must be one of ZZ, WG, XF, TJ/),
      'line 4, isMain: must be true or false (got "maybe")',
      expect.stringMatching(/^line 5, kind: must be one of center, community, grid, unit/),
    ]);
  });

  it('names the JSON line of a record that breaks a rule across records', () => {
    const text = [
      '{',
      '  "grids": [',
      '    {"code":"HX","name":"和心街道","level":"STREET"},',
      '    {"code":"HX-C01-G01","name":"第1网格","level":"BASE","parentCode":"HX-C09"},',
      '    {"code":"HX-C02","name":"网格","level":"COMMUNITY","parentCode":"HX","communityCode":"HX-C02","extra":1}',
      '  ],',
      '  "units": [',
      '    {"code":"HX-C01-TWH","name":"调委会","centerCode":"TJ","level":"COMMUNITY","communityCode":"HX-C01"}',
      '  ]',
      '}',
    ].join('\n');
    const read = readTerritoryFile(text, 'json');
    expect(read.errors).toEqual([expect.stringMatching(/^line 5, grids\[2\]\.extra: unknown field/)]);
    // The reader still took the record's known fields, so the planner's checks name it too.
    const { plan, errors } = planTerritoryImport(read.content, EMPTY, newId);
    expect(plan).toBeUndefined();
    expect(errors).toEqual([
      'line 4, grids[1], parentCode: unknown grid "HX-C09"',
      'line 5, grids[2], communityCode: unknown community "HX-C02"',
      'line 8, units[0], centerCode: center TJ is in neither the file nor the database',
      'line 8, units[0], communityCode: unknown community "HX-C01"',
    ]);
  });

  it('refuses a second street, a level change and a unit code that belongs to another id in the database', () => {
    const text = JSON.stringify({
      grids: [
        { code: 'HX', name: '和心街道', level: 'STREET' },
        { code: 'JF-C01', name: '新村', level: 'BASE', parentCode: 'JF-C02' },
      ],
      units: [
        { id: '11111111-1111-4111-8111-111111111111', code: 'JF-TJ-TWH', name: 'x', centerCode: 'TJ', level: 'STREET' },
      ],
    });
    const { errors } = planTerritoryImport(readTerritoryFile(text, 'json').content, DEMO_TERRITORY, newId);
    expect(errors).toEqual([
      expect.stringMatching(/one street only: the territory would have 2 STREET grids \(JF, HX\)/),
      expect.stringMatching(
        /^line 1, grids\[1\], level: grid JF-C01 is COMMUNITY in the database; a grid's level does not change/,
      ),
      expect.stringMatching(
        /^line 1, units\[0\], id: code JF-TJ-TWH belongs to unit 00000000-0000-4000-8000-000000000001/,
      ),
    ]);
  });

  it('plans a moved grid and a renamed unit as updates, and a duplicate code as an error', () => {
    const moved = JSON.stringify({
      grids: [{ code: 'JF-C01-G01', name: '新村社区第1网格', level: 'BASE', parentCode: 'JF-C02' }],
      units: [{ code: 'JF-TJ-SFS', name: '司法所（新名）', centerCode: 'TJ', level: 'STREET' }],
    });
    const { plan } = planTerritoryImport(readTerritoryFile(moved, 'json').content, DEMO_TERRITORY, newId);
    expect(plan!.grids.update).toEqual([
      { code: 'JF-C01-G01', name: '新村社区第1网格', level: 'BASE', parentCode: 'JF-C02', communityCode: 'JF-C02' },
    ]);
    expect(plan!.units.update).toEqual([
      expect.objectContaining({ id: '00000000-0000-4000-8000-000000000002', name: '司法所（新名）' }),
    ]);

    const twice = JSON.stringify({
      centers: [
        { code: 'TJ', name: 'a' },
        { code: 'TJ', name: 'b' },
      ],
    });
    expect(planTerritoryImport(readTerritoryFile(twice, 'json').content, DEMO_TERRITORY, newId).errors).toEqual([
      'line 1, centers[1]: center "TJ" is already given at line 1, centers[0]',
    ]);
  });
});
