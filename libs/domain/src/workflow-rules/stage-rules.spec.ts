import { CHAIN_STAGES, ROLES, type ChainStage, type Stage } from '../enums';
import {
  ACTIONS,
  ACTION_RULES,
  checkAction,
  nextStageAfter,
  resolutionForOutcome,
  type Action,
  type ActorRole,
  type RuleActor,
  type RuleCase,
} from './stage-rules';

const actor = (role: ActorRole, userId = role.toLowerCase(), unitIds: string[] = []): RuleActor => ({
  userId,
  role,
  unitIds,
});
const clerk = actor('CLERK');
const supervisor = { ...actor('SUPERVISOR'), supervisorLevel: 1 };
const party = actor('PARTY', 'party');
const system = actor('SYSTEM');
const holder = actor('MEDIATOR', 'm1', ['unit-a']); // holds the task in `assigned`
const poolmate = actor('MEDIATOR', 'm2', ['unit-a']);
const outsider = actor('MEDIATOR', 'm3', ['unit-b']);

const kase = (stage: Stage, over: Partial<RuleCase> = {}): RuleCase => ({
  stage,
  status: 'OPEN',
  reopenCount: 0,
  unitId: 'unit-a',
  ...over,
});
const assigned = (stage: Stage, over: Partial<RuleCase> = {}) => kase(stage, { assigneeId: 'm1', ...over });

/** An actor of the first allowed role who passes the case rules of `assigned(stage)`. */
const allowedActorFor = (action: Action): RuleActor => {
  const role = ACTION_RULES[action].roles[0];
  return (
    { CLERK: clerk, SUPERVISOR: supervisor, MEDIATOR: holder, PARTY: party, SYSTEM: system }[role as string] ??
    actor(role)
  );
};
const fitCase = (action: Action, stage: ChainStage): RuleCase => {
  if (action === 'claimTask') return kase(stage);
  if (action === 'decideExtension') return assigned(stage, { extension: { status: 'PENDING' } });
  if (action === 'resumeDispute') return assigned(stage, { status: 'SUSPENDED' });
  if (action === 'transferDispute' && stage === 'SUPERVISION')
    return assigned(stage, { handlingOutcome: 'UNRESOLVED' });
  return assigned(stage);
};

describe('checkAction', () => {
  describe('the role and stage table', () => {
    const cells = ACTIONS.flatMap((action) => CHAIN_STAGES.map((stage) => [action, stage] as const));

    it.each(cells)('%s in %s: allowed exactly in its stages', (action, stage) => {
      const result = checkAction(fitCase(action, stage), action, allowedActorFor(action));
      if (ACTION_RULES[action].stages.includes(stage)) expect(result).toEqual({ ok: true });
      else {
        expect(result).toEqual({
          ok: false,
          code: 'STAGE_CONFLICT',
          reason: `cannot ${ACTION_RULES[action].does} in stage ${stage} (only in ${ACTION_RULES[action].stages.join(', ')})`,
        });
      }
    });

    const roleCells = ACTIONS.flatMap((action) =>
      [...ROLES, 'PARTY' as const, 'SYSTEM' as const]
        .filter((r) => !ACTION_RULES[action].roles.includes(r))
        .map((r) => [action, r] as const),
    );

    it.each(roleCells)('%s by %s: FORBIDDEN', (action, role) => {
      const stage = ACTION_RULES[action].stages[0];
      expect(checkAction(fitCase(action, stage), action, actor(role, 'x', ['unit-a']))).toEqual({
        ok: false,
        code: 'FORBIDDEN',
        reason: `only ${ACTION_RULES[action].roles.join(' or ')} may ${ACTION_RULES[action].does}`,
      });
    });

    it('refuses everything on a closed case', () => {
      for (const action of ACTIONS) {
        expect(checkAction(kase('CLOSED', { status: 'CLOSED' }), action, allowedActorFor(action))).toMatchObject({
          ok: false,
          code: 'STAGE_CONFLICT',
          reason: expect.stringMatching(/the case is closed$/),
        });
      }
    });
  });

  describe('suspension', () => {
    const suspended = (stage: Stage) => assigned(stage, { status: 'SUSPENDED' });

    it.each([
      ['resumeDispute', 'HANDLING'],
      ['issueSupervisionOrder', 'TRACKING'],
      ['withdrawDispute', 'HANDLING'],
    ] as const)('allows %s while suspended (%s)', (action, stage) => {
      expect(checkAction(suspended(stage), action, allowedActorFor(action))).toEqual({ ok: true });
    });

    it.each(ACTIONS.filter((a) => !ACTION_RULES[a].whileSuspended && a !== 'suspendDispute'))(
      'refuses %s while suspended',
      (action) => {
        const stage = ACTION_RULES[action].stages[0];
        expect(
          checkAction({ ...fitCase(action, stage), status: 'SUSPENDED' }, action, allowedActorFor(action)),
        ).toEqual({
          ok: false,
          code: 'STAGE_CONFLICT',
          reason: `cannot ${ACTION_RULES[action].does}: the case is suspended; resume it first`,
        });
      },
    );

    it('refuses to suspend twice or resume an open case', () => {
      expect(checkAction(suspended('HANDLING'), 'suspendDispute', supervisor)).toEqual({
        ok: false,
        code: 'STAGE_CONFLICT',
        reason: 'the case is already suspended',
      });
      expect(checkAction(assigned('HANDLING'), 'resumeDispute', supervisor)).toEqual({
        ok: false,
        code: 'STAGE_CONFLICT',
        reason: 'the case is not suspended',
      });
    });
  });

  describe('rules about the particular case', () => {
    it.each<[string, RuleCase, Action, RuleActor, string, string]>([
      [
        'a mediator outside the pool claims',
        kase('ROUTING'),
        'claimTask',
        outsider,
        'FORBIDDEN',
        "only a mediator of the case's unit pool may claim its task",
      ],
      [
        'a second mediator claims',
        assigned('ROUTING'),
        'claimTask',
        poolmate,
        'ALREADY_CLAIMED',
        'another mediator has already claimed this task',
      ],
      [
        'the holder claims again',
        assigned('HANDLING'),
        'claimTask',
        holder,
        'ALREADY_CLAIMED',
        'you already hold this task',
      ],
      [
        'a poolmate releases',
        assigned('HANDLING'),
        'releaseTask',
        poolmate,
        'FORBIDDEN',
        'only the mediator who holds the task may release a task',
      ],
      [
        'anyone releases an unheld task',
        kase('HANDLING'),
        'releaseTask',
        holder,
        'FORBIDDEN',
        'only the mediator who holds the task may release a task',
      ],
      [
        'a poolmate records a session',
        assigned('HANDLING'),
        'recordHandling',
        poolmate,
        'FORBIDDEN',
        'only the mediator who holds the task may record a mediation session',
      ],
      [
        'a poolmate completes handling',
        assigned('HANDLING'),
        'completeHandling',
        poolmate,
        'FORBIDDEN',
        'only the mediator who holds the task may complete handling',
      ],
      [
        'a poolmate records a follow-up',
        assigned('TRACKING'),
        'recordFollowUp',
        poolmate,
        'FORBIDDEN',
        'only the mediator who holds the task may record a follow-up',
      ],
      [
        'a poolmate asks for an extension',
        assigned('HANDLING'),
        'requestExtension',
        poolmate,
        'FORBIDDEN',
        'only the mediator who holds the task may request an extension',
      ],
      [
        'a second extension',
        assigned('HANDLING', { extension: { status: 'REJECTED' } }),
        'requestExtension',
        holder,
        'RULE_VIOLATION',
        'a case gets one extension; this one was already requested (REJECTED)',
      ],
      [
        'a decision without a request',
        assigned('HANDLING'),
        'decideExtension',
        supervisor,
        'RULE_VIOLATION',
        'there is no pending extension request to decide',
      ],
      [
        'a decision already made',
        assigned('HANDLING', { extension: { status: 'APPROVED' } }),
        'decideExtension',
        supervisor,
        'RULE_VIOLATION',
        'there is no pending extension request to decide',
      ],
      [
        'a poolmate transfers a held task',
        assigned('HANDLING'),
        'transferDispute',
        poolmate,
        'FORBIDDEN',
        "a mediator may transfer a dispute only for a task they hold or one of their pool's open tasks",
      ],
      [
        'an outsider transfers a pool task',
        kase('ROUTING'),
        'transferDispute',
        outsider,
        'FORBIDDEN',
        "a mediator may transfer a dispute only for a task they hold or one of their pool's open tasks",
      ],
      [
        'a supervisor transfers a case whose handling resolved it',
        assigned('SUPERVISION', { handlingOutcome: 'AGREEMENT' }),
        'transferDispute',
        supervisor,
        'STAGE_CONFLICT',
        'cannot transfer a dispute in stage SUPERVISION unless its handling ended UNRESOLVED (it then goes up a level)',
      ],
      [
        'the holder sends an unresolved case up from supervision',
        assigned('SUPERVISION', { handlingOutcome: 'UNRESOLVED' }),
        'transferDispute',
        holder,
        'FORBIDDEN',
        'in SUPERVISION only CLERK or SUPERVISOR may transfer a dispute up a level',
      ],
      [
        'an outsider delivers feedback',
        assigned('FEEDBACK'),
        'deliverFeedback',
        outsider,
        'FORBIDDEN',
        "a mediator may deliver feedback only for a task they hold or one of their pool's open tasks",
      ],
      [
        'a mediator withdraws an unrouted case',
        kase('ACCEPTANCE', { unitId: undefined }),
        'withdrawDispute',
        holder,
        'FORBIDDEN',
        "a mediator may withdraw a dispute only for a task they hold or one of their pool's open tasks",
      ],
    ])('refuses when %s', (_, c, action, who, code, reason) => {
      expect(checkAction(c, action, who)).toEqual({ ok: false, code, reason });
    });

    it.each<[string, RuleCase, Action, RuleActor]>([
      ['a pool mediator claims a routed task', kase('ROUTING'), 'claimTask', poolmate],
      ['a pool mediator claims a released task in handling', kase('HANDLING'), 'claimTask', poolmate],
      ['the holder asks for the first extension', assigned('HANDLING'), 'requestExtension', holder],
      [
        'a supervisor decides a pending extension',
        assigned('HANDLING', { extension: { status: 'PENDING' } }),
        'decideExtension',
        supervisor,
      ],
      ['the holder transfers', assigned('HANDLING'), 'transferDispute', holder],
      ['a pool mediator transfers an unclaimed task', kase('ROUTING'), 'transferDispute', poolmate],
      ['a clerk transfers any task', assigned('TRACKING'), 'transferDispute', clerk],
      [
        'a supervisor sends an unresolved case up a level from supervision',
        assigned('SUPERVISION', { handlingOutcome: 'UNRESOLVED' }),
        'transferDispute',
        supervisor,
      ],
      [
        'a clerk sends an unresolved case up a level from supervision',
        assigned('SUPERVISION', { handlingOutcome: 'UNRESOLVED' }),
        'transferDispute',
        clerk,
      ],
      ['a clerk delivers feedback', assigned('FEEDBACK'), 'deliverFeedback', clerk],
      ['the holder delivers feedback', assigned('FEEDBACK'), 'deliverFeedback', holder],
      ['a clerk withdraws at intake', kase('DISCOVERY', { unitId: undefined }), 'withdrawDispute', clerk],
      ['the holder withdraws during handling', assigned('HANDLING'), 'withdrawDispute', holder],
      ['the engine auto-approves', assigned('SUPERVISION'), 'approveSupervision', system],
      ['a supervisor reassigns a held task', assigned('HANDLING'), 'reassignTask', supervisor],
      ['a supervisor routes', kase('ACCEPTANCE', { unitId: undefined }), 'routeDispute', supervisor],
      ['the party evaluates', assigned('EVALUATION'), 'submitEvaluation', party],
      [
        'a supervisor orders on a suspended case',
        assigned('ROUTING', { status: 'SUSPENDED' }),
        'issueSupervisionOrder',
        supervisor,
      ],
    ])('allows it when %s', (_, c, action, who) => {
      expect(checkAction(c, action, who)).toEqual({ ok: true });
    });

    it('refuses a withdrawal once handling has completed', () => {
      for (const stage of ['TRACKING', 'SUPERVISION', 'FEEDBACK', 'EVALUATION'] as const) {
        expect(checkAction(assigned(stage), 'withdrawDispute', clerk)).toMatchObject({
          ok: false,
          code: 'STAGE_CONFLICT',
        });
      }
    });
  });
});

describe('nextStageAfter', () => {
  const at = (stage: Stage, reopenCount = 0) => ({ stage, reopenCount });

  it.each<[Action, Stage, Stage]>([
    ['acceptDispute', 'DISCOVERY', 'ACCEPTANCE'],
    ['routeDispute', 'ACCEPTANCE', 'ROUTING'],
    ['claimTask', 'ROUTING', 'HANDLING'],
    ['claimTask', 'HANDLING', 'HANDLING'],
    ['claimTask', 'TRACKING', 'TRACKING'],
    ['reassignTask', 'ROUTING', 'HANDLING'],
    ['reassignTask', 'TRACKING', 'TRACKING'],
    ['releaseTask', 'HANDLING', 'HANDLING'],
    ['transferDispute', 'HANDLING', 'ROUTING'],
    ['transferDispute', 'TRACKING', 'ROUTING'],
    ['transferDispute', 'SUPERVISION', 'ROUTING'],
    ['recordHandling', 'HANDLING', 'HANDLING'],
    ['requestExtension', 'HANDLING', 'HANDLING'],
    ['decideExtension', 'HANDLING', 'HANDLING'],
    ['issueSupervisionOrder', 'FEEDBACK', 'FEEDBACK'],
    ['approveSupervision', 'SUPERVISION', 'FEEDBACK'],
    ['returnSupervision', 'SUPERVISION', 'HANDLING'],
    ['deliverFeedback', 'FEEDBACK', 'EVALUATION'],
    ['suspendDispute', 'ROUTING', 'ROUTING'],
    ['resumeDispute', 'ROUTING', 'ROUTING'],
  ])('%s from %s leads to %s', (action, from, to) => {
    expect(nextStageAfter(action as 'acceptDispute', at(from))).toEqual({ stage: to });
  });

  it.each([
    ['rejectDispute', 'REJECTED'],
    ['mergeDispute', 'MERGED'],
    ['withdrawDispute', 'WITHDRAWN'],
  ] as const)('%s closes the case as %s', (action, resolution) => {
    expect(nextStageAfter(action, at('DISCOVERY'))).toEqual({ stage: 'CLOSED', resolution });
  });

  it.each([
    ['AGREEMENT', 'TRACKING'],
    ['RESOLVED_ON_SITE', 'SUPERVISION'],
    ['REFERRED', 'SUPERVISION'],
    ['UNRESOLVED', 'SUPERVISION'],
  ] as const)('completeHandling with %s leads to %s (TRACKING only for an agreement)', (outcome, stage) => {
    expect(nextStageAfter('completeHandling', { ...at('HANDLING'), outcome })).toEqual({ stage });
  });

  it('sends a fulfilled follow-up to supervision and an unfulfilled one back to handling', () => {
    expect(nextStageAfter('recordFollowUp', { ...at('TRACKING'), fulfilled: true })).toEqual({ stage: 'SUPERVISION' });
    expect(nextStageAfter('recordFollowUp', { ...at('TRACKING'), fulfilled: false })).toEqual({ stage: 'HANDLING' });
  });

  it.each([
    ['SATISFIED', 'AGREEMENT', 'RESOLVED'],
    ['BASICALLY_SATISFIED', 'RESOLVED_ON_SITE', 'RESOLVED'],
    ['SATISFIED', 'REFERRED', 'REFERRED'],
    ['BASICALLY_SATISFIED', 'UNRESOLVED', 'UNRESOLVED'],
  ] as const)('a %s rating after %s closes the case as %s', (rating, handlingOutcome, resolution) => {
    expect(nextStageAfter('submitEvaluation', { ...at('EVALUATION'), rating, handlingOutcome })).toEqual({
      stage: 'CLOSED',
      resolution,
    });
  });

  it('reopens into handling on DISSATISFIED, with a level-2 alert from the second reopen on', () => {
    const dissatisfied = (reopenCount: number) =>
      nextStageAfter('submitEvaluation', {
        ...at('EVALUATION', reopenCount),
        rating: 'DISSATISFIED',
        handlingOutcome: 'AGREEMENT',
      });
    expect(dissatisfied(0)).toEqual({ stage: 'HANDLING', reopened: true });
    expect(dissatisfied(1)).toEqual({ stage: 'HANDLING', reopened: true, alertLevel: 2 });
    expect(dissatisfied(2)).toEqual({ stage: 'HANDLING', reopened: true, alertLevel: 2 });
  });

  it('maps every outcome to a resolution', () => {
    expect(
      ['AGREEMENT', 'RESOLVED_ON_SITE', 'REFERRED', 'UNRESOLVED'].map((o) => resolutionForOutcome(o as 'AGREEMENT')),
    ).toEqual(['RESOLVED', 'RESOLVED', 'REFERRED', 'UNRESOLVED']);
  });
});
