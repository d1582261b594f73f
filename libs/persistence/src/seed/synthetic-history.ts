import { randomBytes, randomUUID } from 'crypto';
import type { RecordedCaseEvent } from '@app/contracts';
import { receiptCodeFromBytes } from '@app/domain/case-number';
import type { Category, EventType, Outcome } from '@app/domain/enums';
import { DEFAULT_ROUTING_RULES } from '@app/domain/routing/routing-rules';
import { resolutionForOutcome } from '@app/domain/workflow-rules/stage-rules';
import { DEMO_TERRITORY } from '@app/domain/territory';

/**
 * Invented case histories at scale, for the benchmark only (DEMO DATA: names, addresses and
 * phone numbers are made up). Each case is what the dispute workflow would have recorded, with
 * the same event types and payload fields, along a plausible path through the eight stages
 * that stops where "now" cuts it off: old cases are closed, recent ones open at some stage,
 * some late enough to have raised warnings and escalations.
 */

const HOUR = 3600_000;
const DAY = 24 * HOUR;

/** A small, fast, seedable PRNG (mulberry32): the same seed gives the same history. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤'.split(
    '',
  );
const GIVEN =
  '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国建华志强海燕晓东红梅玉兰春梅金凤德明文博子涵浩然雨桐欣怡梓萱'.split(
    '',
  );
const SUMMARIES: Record<Category, string[]> = {
  NEIGHBOR: ['楼上漏水纠纷', '噪音扰民', '相邻通道占用', '装修损坏墙体', '宠物伤人'],
  FAMILY: ['赡养费纠纷', '离婚财产分割', '子女抚养争议', '遗产继承争议'],
  PROPERTY_MGMT: ['物业费争议', '小区停车位纠纷', '电梯维修费用分摊', '公共区域占用'],
  LABOR: ['拖欠工资', '工伤赔偿争议', '解除劳动合同补偿', '社保缴纳争议'],
  LAND: ['土地承包经营权争议', '宅基地界址纠纷', '流转租金拖欠'],
  DEMOLITION: ['征地补偿争议', '拆迁安置面积争议', '过渡费发放纠纷'],
  CONSUMER: ['预付卡退费纠纷', '网购商品质量争议', '装修合同纠纷'],
  TRAFFIC: ['交通事故赔偿', '电动车碰撞纠纷', '停车剐蹭赔偿'],
  MEDICAL: ['医疗费用争议', '诊疗过错赔偿'],
  PUBLIC_ORDER: ['邻里口角隐患', '酒后滋事隐患', '群租房安全隐患'],
  PETITION: ['反映拆迁问题', '反映低保资格', '反映环境污染'],
  OTHER: ['其他纠纷', '借款纠纷', '合伙经营纠纷'],
};
const CATEGORY_WEIGHTS: [Category, number][] = [
  ['NEIGHBOR', 28],
  ['FAMILY', 12],
  ['PROPERTY_MGMT', 14],
  ['LABOR', 10],
  ['LAND', 4],
  ['DEMOLITION', 3],
  ['CONSUMER', 8],
  ['TRAFFIC', 6],
  ['MEDICAL', 2],
  ['PUBLIC_ORDER', 5],
  ['PETITION', 5],
  ['OTHER', 3],
];
const CHANNELS = ['WALK_IN', 'PHONE', 'ONLINE', 'GRID_PATROL', 'LETTER', 'POLICE_REFERRAL'];
const HANDLING_DAYS: Record<string, number> = { SIMPLE: 7, GENERAL: 21, MAJOR: 42 };

export interface SyntheticOptions {
  /** Cases are reported evenly over [from, now). */
  from: Date;
  now: Date;
  streetCode: string;
  seed?: number;
  /** Mediators per unit (synthetic user ids). */
  mediatorsPerUnit?: number;
}

/** Generates cases in report order; case numbers run gap-free per year in that order. */
export class SyntheticHistory {
  private readonly random: () => number;
  private readonly baseGrids = DEMO_TERRITORY.grids.filter((g) => g.level === 'BASE');
  private readonly mediators = new Map<string, string[]>();
  private readonly counters = new Map<number, number>();
  /** Receipt codes are unique (40 bits: a million of them would collide now and then). */
  private readonly receiptCodes = new Set<string>();
  private readonly clerks = Array.from({ length: 6 }, () => randomUUID());
  private readonly supervisors = Array.from({ length: 4 }, () => randomUUID());

  constructor(private readonly options: SyntheticOptions) {
    this.random = prng(options.seed ?? 20261128);
    for (const unit of DEMO_TERRITORY.units) {
      this.mediators.set(
        unit.id,
        Array.from({ length: options.mediatorsPerUnit ?? 6 }, () => randomUUID()),
      );
    }
  }

  /** The last case number handed out per year, for case_number_counters. */
  get caseNumberCounters(): Map<number, number> {
    return this.counters;
  }

  /** The `index`-th of `total` cases, reported at its even share of the period (plus jitter). */
  caseEvents(index: number, total: number): RecordedCaseEvent[] {
    const { from, now } = this.options;
    const span = now.getTime() - from.getTime();
    const reportedAt = from.getTime() + (span * (index + this.random())) / total;
    return this.walk(randomUUID(), reportedAt, now.getTime());
  }

  private pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)];
  }

  private weighted<T>(items: [T, number][]): T {
    let roll = this.random() * items.reduce((sum, [, w]) => sum + w, 0);
    for (const [item, weight] of items) if ((roll -= weight) < 0) return item;
    return items[items.length - 1][0];
  }

  /** Hours, exponentially distributed around `mean`. */
  private hours(mean: number): number {
    return -Math.log(1 - this.random()) * mean * HOUR;
  }

  private walk(caseId: string, reportedAt: number, now: number): RecordedCaseEvent[] {
    const events: RecordedCaseEvent[] = [];
    let t = reportedAt;
    const record = (
      type: EventType,
      actor: { userId: string; role: string },
      payload: Record<string, unknown>,
      at = t,
    ) => {
      events.push({
        caseId,
        seq: events.length + 1,
        type,
        at: new Date(at).toISOString(),
        actor,
        payload,
        schemaVersion: 1,
      });
    };
    const system = { userId: 'system', role: 'SYSTEM' };
    const clerk: { userId: string; role: string } = { userId: this.pick(this.clerks), role: 'CLERK' };
    const supervisor = { userId: this.pick(this.supervisors), role: 'SUPERVISOR' };

    const category = this.weighted(CATEGORY_WEIGHTS);
    const rule = DEFAULT_ROUTING_RULES.find((r) => r.category === category);
    const grid = this.pick(this.baseGrids);
    const severity = this.random() < 0.06 ? 'MAJOR' : 'NORMAL';
    const slaClass = severity === 'MAJOR' ? 'MAJOR' : (rule?.slaClass ?? 'GENERAL');
    const parties = Array.from({ length: 1 + Math.floor(this.random() * 3) }, (_, i) => ({
      role: i === 0 ? 'APPLICANT' : 'RESPONDENT',
      name: this.pick(SURNAMES) + this.pick(GIVEN) + (this.random() < 0.5 ? this.pick(GIVEN) : ''),
      phone: `13${String(Math.floor(this.random() * 1e9)).padStart(9, '0')}`,
    }));
    const address = `${grid.name}${1 + Math.floor(this.random() * 40)}幢${1 + Math.floor(this.random() * 30)}0${1 + Math.floor(this.random() * 4)}室`;
    const summary = `${address.slice(0, 4)}${this.pick(SUMMARIES[category])}`;
    const channel = this.pick(CHANNELS);

    /** Runs one stage's clock from t for `duration`: raises what fell due, returns false if "now" came first. */
    const stay = (stage: string, deadline: number, duration: number, escalationLevel = { value: 0 }): boolean => {
      const start = t;
      const ladder: [string, number, number][] = [
        ['WarningRaised', 0, start + (deadline - start) * 0.8],
        ['EscalationRaised', 1, deadline],
        ['EscalationRaised', 2, deadline + DAY],
        ['EscalationRaised', 3, deadline + 3 * DAY],
      ];
      const end = start + duration;
      for (const [type, level, at] of ladder) {
        if (stage === 'EVALUATION' || at >= end || at >= now) break;
        escalationLevel.value = Math.max(escalationLevel.value, level);
        record(
          type as EventType,
          system,
          {
            level,
            stage,
            deadline: new Date(deadline).toISOString(),
            escalationLevel: escalationLevel.value,
            overdue: level > 0,
          },
          at,
        );
      }
      if (end >= now) return false;
      t = end;
      return true;
    };
    const facts = (stage: string, deadline: number | null) => ({
      stage,
      stageDeadline: deadline === null ? null : new Date(deadline).toISOString(),
    });
    const close = (resolution: string, actor = clerk, extra: Record<string, unknown> = {}) =>
      record('DisputeClosed', actor, { resolution, ...extra, ...facts('CLOSED', null), status: 'CLOSED' });

    let deadline = t + DAY;
    record('DisputeReported', clerk, {
      channel,
      category,
      summary,
      description: `${summary}，当事人申请调解（演示数据）`,
      gridCode: grid.code,
      address,
      urgent: false,
      parties,
      severity,
      slaClass,
      ...facts('DISCOVERY', deadline),
    });
    const intake = this.random();
    if (!stay('DISCOVERY', deadline, this.hours(intake < 0.3 ? 0.2 : 10))) return events;
    if (intake > 0.97) {
      record('DisputeRejected', clerk, { reason: '不属于受理范围' });
      close('REJECTED');
      return events;
    }
    const year = new Date(t + 8 * HOUR).getUTCFullYear();
    const number = (this.counters.get(year) ?? 0) + 1;
    this.counters.set(year, number);
    deadline = t + DAY;
    record('DisputeAccepted', clerk, {
      caseNo: `${this.options.streetCode}-${year}-${String(number).padStart(6, '0')}`,
      receiptCode: this.receiptCode(),
      ...facts('ACCEPTANCE', deadline),
    });
    if (!stay('ACCEPTANCE', deadline, this.hours(6))) return events;
    const unit = this.routeUnit(
      rule?.centerCode ?? 'WG',
      rule?.unitLevel === 'COMMUNITY' ? grid.communityCode : undefined,
      severity,
    );
    deadline = t + DAY;
    record('DisputeRouted', clerk, {
      centerCode: unit.centerCode,
      unitId: unit.id,
      severity,
      slaClass,
      ...facts('ROUTING', deadline),
    });
    if (!stay('ROUTING', deadline, this.hours(10))) return events;
    const mediator = { userId: this.pick(this.mediators.get(unit.id)!), role: 'MEDIATOR' };

    let reopenCount = 0;
    let entering: EventType = 'TaskClaimed';
    for (;;) {
      deadline = t + HANDLING_DAYS[slaClass] * DAY;
      const level = { value: 0 };
      if (entering === 'TaskClaimed')
        record('TaskClaimed', mediator, { assigneeId: mediator.userId, ...facts('HANDLING', deadline) });
      else
        record('DisputeReopened', { userId: 'party', role: 'PARTY' }, { reopenCount, ...facts('HANDLING', deadline) });
      const handling = this.hours(HANDLING_DAYS[slaClass] * 24 * (this.random() < 0.1 ? 1.3 : 0.4));
      if (this.random() < 0.02) {
        if (!stay('HANDLING', deadline, handling / 2, level)) return events;
        record('DisputeWithdrawn', mediator, { reason: '当事人撤回申请' });
        close('WITHDRAWN', mediator);
        return events;
      }
      for (let s = 0, sessions = 1 + Math.floor(this.random() * 3); s < sessions; s++) {
        const at = t + (handling * (s + 1)) / (sessions + 1);
        if (at < now)
          record(
            'HandlingRecorded',
            mediator,
            { note: '组织双方调解', sessionAt: new Date(at).toISOString(), participants: parties.map((p) => p.name) },
            at,
          );
      }
      if (!stay('HANDLING', deadline, handling, level)) return sortBySeq(events);
      const outcome = this.weighted<Outcome>([
        ['AGREEMENT', 50],
        ['RESOLVED_ON_SITE', 25],
        ['REFERRED', 10],
        ['UNRESOLVED', 15],
      ]);
      if (outcome === 'AGREEMENT') {
        deadline = t + 7 * DAY;
        record('HandlingCompleted', mediator, {
          outcome,
          summary: '达成调解协议',
          agreement: { terms: '按期履行', fulfilBy: new Date(t + 30 * DAY).toISOString().slice(0, 10) },
          ...facts('TRACKING', deadline),
        });
        if (!stay('TRACKING', deadline, this.hours(72))) return sortBySeq(events);
        deadline = t + 2 * DAY;
        record('FollowUpRecorded', mediator, { fulfilled: true, note: '已履行', ...facts('SUPERVISION', deadline) });
      } else {
        deadline = t + 2 * DAY;
        record('HandlingCompleted', mediator, {
          outcome,
          summary: '处置完毕',
          agreement: null,
          ...facts('SUPERVISION', deadline),
        });
      }
      if (!stay('SUPERVISION', deadline, this.hours(20))) return sortBySeq(events);
      deadline = t + 2 * DAY;
      record('SupervisionApproved', supervisor, { auto: false, ...facts('FEEDBACK', deadline) });
      if (!stay('FEEDBACK', deadline, this.hours(16))) return sortBySeq(events);
      deadline = t + 7 * DAY;
      record('FeedbackDelivered', mediator, {
        channel: 'PHONE',
        content: '已电话告知处理结果',
        ...facts('EVALUATION', deadline),
      });
      const rating = this.weighted<string | null>([
        ['SATISFIED', 60],
        ['BASICALLY_SATISFIED', 25],
        ['DISSATISFIED', 5],
        [null, 10],
      ]);
      if (!stay('EVALUATION', deadline, rating === null ? 7 * DAY : this.hours(30))) return sortBySeq(events);
      if (rating === null) {
        close(resolutionForOutcome(outcome), system, { evaluation: 'NOT_RATED' });
        return sortBySeq(events);
      }
      record('EvaluationReceived', { userId: 'party', role: 'PARTY' }, { rating, comment: null });
      if (rating !== 'DISSATISFIED' || reopenCount >= 2) {
        close(resolutionForOutcome(outcome), { userId: 'party', role: 'PARTY' });
        return sortBySeq(events);
      }
      reopenCount += 1;
      entering = 'DisputeReopened';
    }
  }

  private receiptCode(): string {
    for (;;) {
      const code = receiptCodeFromBytes(randomBytes(8));
      if (!this.receiptCodes.has(code)) {
        this.receiptCodes.add(code);
        return code;
      }
    }
  }

  private routeUnit(centerCode: string, communityCode: string | undefined, severity: string) {
    const units = DEMO_TERRITORY.units;
    if (communityCode && severity !== 'MAJOR') {
      const committee = units.find((u) => u.communityCode === communityCode);
      if (committee) return committee;
    }
    const ofCenter = units.filter((u) => u.centerCode === centerCode && u.level === 'STREET');
    return this.random() < 0.7 ? (ofCenter.find((u) => u.isMain) ?? ofCenter[0]) : this.pick(ofCenter);
  }
}

/** HandlingRecorded sessions are written at their session time: order by time, then number in that order. */
function sortBySeq(events: RecordedCaseEvent[]): RecordedCaseEvent[] {
  const sorted = events.map((e, i) => ({ e, i })).sort((a, b) => a.e.at.localeCompare(b.e.at) || a.i - b.i);
  return sorted.map(({ e }, i) => ({ ...e, seq: i + 1 }));
}
