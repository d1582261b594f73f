import { DEFAULT_VISIT_POLICY, validateVisitPolicy, visitAlertSeq, visitPoints } from './visit-ladder';

describe('key-person visit ladder', () => {
  it('puts the warning at 80 %, level 1 at the due time and levels 2 and 3 at their offsets', () => {
    const high = DEFAULT_VISIT_POLICY[0];
    const { dueAt, points } = visitPoints(new Date('2026-12-01T00:00:00Z'), high);
    expect(dueAt).toBe('2026-12-08T00:00:00.000Z');
    expect(points.map((p) => [p.kind, p.level, p.at])).toEqual([
      ['WARNING', 0, '2026-12-06T14:24:00.000Z'],
      ['ESCALATION', 1, '2026-12-08T00:00:00.000Z'],
      ['ESCALATION', 2, '2026-12-09T00:00:00.000Z'],
      ['ESCALATION', 3, '2026-12-11T00:00:00.000Z'],
    ]);
  });

  it('accepts the default policy and names every problem of a bad one', () => {
    expect(validateVisitPolicy(DEFAULT_VISIT_POLICY)).toEqual([]);
    const problems = validateVisitPolicy([
      { riskLevel: 'HIGH', interval: 'P1M', level2After: 'P1D', level3After: 'PT1H' },
      { riskLevel: 'HIGH', interval: 'P7D', level2After: 'P1D', level3After: 'P3D' },
    ]);
    expect(problems).toEqual(
      expect.arrayContaining([
        'rules: more than one rule for risk level HIGH',
        'rules: no rule for risk level MEDIUM',
        'rules: no rule for risk level LOW',
        expect.stringMatching(/^rules\.0\.interval: /),
        'rules.0.level3After: must not come before level2After',
      ]),
    );
  });

  it("numbers each round's points apart", () => {
    expect(visitAlertSeq(0, 3)).toBe(3);
    expect(visitAlertSeq(1, 0)).toBe(4);
  });
});
