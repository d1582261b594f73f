import dayjs from 'dayjs';
import {
  acceptCase,
  approveSupervision,
  completeHandling,
  decideExtension,
  deliverFeedback,
  issueSupervisionOrder,
  reassignCase,
  recordFollowUp,
  recordHandling,
  rejectCase,
  requestExtension,
  resumeCase,
  returnSupervision,
  suspendCase,
  transferCase,
  withdrawCase,
} from '@/api/disputes';
import { claimTask, releaseTask } from '@/api/tasks';
import type { CaseView, Territory } from '@/api/types';
import { options, t } from '@/locales';
import type { CaseAction } from './case-actions';

/**
 * The small form behind each action of the case page: its fields (named by the API's body paths,
 * so the API's messages land beside them), their first values, and the request it sends. One
 * dialog renders them all (ActionDialog.vue). Routing has its own form (the counter's).
 */
export interface Option {
  value: string | boolean;
  label: string;
}

export interface ActionContext {
  item: CaseView;
  territory: Territory | null;
  mediators: { id: string; displayName: string }[];
}

export type FormValues = Record<string, unknown>;

export interface FieldSpec {
  /** The API's body path: `note`, `agreement.terms`. */
  name: string;
  kind: 'text' | 'textarea' | 'datetime' | 'date' | 'number' | 'radio' | 'select' | 'tags';
  /** Locale key of the label. */
  label: string;
  required?: boolean;
  placeholder?: string;
  maxLength?: number;
  min?: number;
  max?: number;
  options?: (ctx: ActionContext, form: FormValues) => Option[];
  visible?: (form: FormValues) => boolean;
  /** Another field follows this one's choice (a unit of the chosen center). */
  changed?: (form: FormValues, ctx: ActionContext) => void;
}

export interface ActionForm {
  fields: FieldSpec[];
  /** An explanation above the fields (what the action does, or what is to be decided). */
  intro?: (ctx: ActionContext) => string;
  initial?: (ctx: ActionContext) => FormValues;
  /** The request: its body (the retry of the same body reuses the Idempotency-Key) and how it is sent. */
  request: (ctx: ActionContext, form: FormValues) => { body: unknown; send: (key: string) => Promise<CaseView> };
  /** A button that undoes or ends something reads as such. */
  danger?: boolean;
}

type FormAction = Exclude<CaseAction, 'routeDispute'>;

const str = (form: FormValues, name: string) => String(form[name] ?? '').trim();
const TEXT = 2000;
const LONG_TEXT = 5000;
const enumOptions = (name: string) => () => options(name);

const reason = (label: string): FieldSpec => ({
  name: 'reason',
  kind: 'textarea',
  label,
  required: true,
  maxLength: TEXT,
});

/** The community-level unit whose UNRESOLVED case now goes up a level; undefined for any other transfer. */
function upALevelFrom(ctx: ActionContext) {
  if (ctx.item.stage !== 'SUPERVISION' || ctx.item.handlingOutcome !== 'UNRESOLVED') return undefined;
  const unit = ctx.territory?.units.find((u) => u.id === ctx.item.unitId);
  return unit?.level === 'COMMUNITY' ? unit : undefined;
}

const noFields = (
  send: (item: CaseView, key: string) => Promise<CaseView>,
): Pick<ActionForm, 'fields' | 'request'> => ({
  fields: [],
  request: (ctx) => ({ body: {}, send: (key) => send(ctx.item, key) }),
});

export const ACTION_FORMS: Record<FormAction, ActionForm> = {
  claimTask: { ...noFields((item, key) => claimTask(item.id, key)), intro: () => t('case.intro.claimTask') },
  releaseTask: {
    ...noFields((item, key) => releaseTask(item.id, key)),
    intro: () => t('case.intro.releaseTask'),
    danger: true,
  },
  recordHandling: {
    fields: [
      { name: 'sessionAt', kind: 'datetime', label: 'case.fields.sessionAt', required: true },
      {
        name: 'participants',
        kind: 'tags',
        label: 'case.fields.participants',
        placeholder: 'case.fields.participantsPlaceholder',
        options: (ctx) => ctx.item.parties.map((party) => ({ value: party.name, label: party.name })),
      },
      {
        name: 'note',
        kind: 'textarea',
        label: 'case.fields.note',
        placeholder: 'case.fields.notePlaceholder',
        required: true,
        maxLength: LONG_TEXT,
      },
    ],
    initial: (ctx) => ({
      sessionAt: dayjs().second(0).format(),
      participants: ctx.item.parties.map((party) => party.name),
      note: '',
    }),
    request: (ctx, form) => {
      const body = {
        note: str(form, 'note'),
        sessionAt: str(form, 'sessionAt'),
        participants: (form.participants as string[] | undefined) ?? [],
      };
      return { body, send: (key) => recordHandling(ctx.item.id, body, key) };
    },
  },
  completeHandling: {
    fields: [
      { name: 'outcome', kind: 'radio', label: 'case.fields.outcome', required: true, options: enumOptions('outcome') },
      { name: 'summary', kind: 'textarea', label: 'case.fields.summary', required: true, maxLength: LONG_TEXT },
      {
        name: 'agreement.terms',
        kind: 'textarea',
        label: 'case.fields.agreementTerms',
        required: true,
        maxLength: LONG_TEXT,
        visible: (f) => f.outcome === 'AGREEMENT',
      },
      {
        name: 'agreement.fulfilBy',
        kind: 'date',
        label: 'case.fields.fulfilBy',
        required: true,
        visible: (f) => f.outcome === 'AGREEMENT',
      },
    ],
    initial: () => ({ outcome: 'AGREEMENT', summary: '', 'agreement.terms': '', 'agreement.fulfilBy': '' }),
    request: (ctx, form) => {
      const outcome = str(form, 'outcome') as 'AGREEMENT' | 'RESOLVED_ON_SITE' | 'REFERRED' | 'UNRESOLVED';
      const body = {
        outcome,
        summary: str(form, 'summary'),
        ...(outcome === 'AGREEMENT' && {
          agreement: { terms: str(form, 'agreement.terms'), fulfilBy: str(form, 'agreement.fulfilBy') },
        }),
      };
      return { body, send: (key) => completeHandling(ctx.item.id, body, key) };
    },
  },
  requestExtension: {
    fields: [
      { name: 'days', kind: 'number', label: 'case.fields.days', required: true, min: 1, max: 15 },
      reason('case.fields.reason'),
    ],
    initial: () => ({ days: 5, reason: '' }),
    request: (ctx, form) => {
      const body = { days: Number(form.days), reason: str(form, 'reason') };
      return { body, send: (key) => requestExtension(ctx.item.id, body, key) };
    },
  },
  recordFollowUp: {
    fields: [
      {
        name: 'fulfilled',
        kind: 'radio',
        label: 'case.fields.fulfilled',
        required: true,
        options: () => [
          { value: true, label: t('case.fields.fulfilledYes') },
          { value: false, label: t('case.fields.fulfilledNo') },
        ],
      },
      { name: 'note', kind: 'textarea', label: 'case.fields.followUpNote', required: true, maxLength: TEXT },
    ],
    initial: () => ({ fulfilled: true, note: '' }),
    request: (ctx, form) => {
      const body = { fulfilled: form.fulfilled === true, note: str(form, 'note') };
      return { body, send: (key) => recordFollowUp(ctx.item.id, body, key) };
    },
  },
  deliverFeedback: {
    fields: [
      {
        name: 'channel',
        kind: 'radio',
        label: 'case.fields.channel',
        required: true,
        options: enumOptions('feedbackChannel'),
      },
      { name: 'content', kind: 'textarea', label: 'case.fields.content', required: true, maxLength: LONG_TEXT },
    ],
    initial: () => ({ channel: 'PHONE', content: '' }),
    request: (ctx, form) => {
      const body = {
        channel: str(form, 'channel') as 'SMS' | 'PHONE' | 'IN_PERSON' | 'LETTER',
        content: str(form, 'content'),
      };
      return { body, send: (key) => deliverFeedback(ctx.item.id, body, key) };
    },
  },
  transferDispute: {
    fields: [
      {
        name: 'centerCode',
        kind: 'select',
        label: 'case.fields.center',
        required: true,
        options: enumOptions('center'),
        changed: (form, ctx) => {
          form.unitId =
            ctx.territory?.units.find((unit) => unit.centerCode === form.centerCode && unit.isMain)?.id ?? '';
        },
      },
      {
        name: 'unitId',
        kind: 'select',
        label: 'case.fields.unit',
        placeholder: 'case.fields.unitPlaceholder',
        required: true,
        options: (ctx, form) =>
          (ctx.territory?.units ?? [])
            .filter((unit) => unit.centerCode === form.centerCode && unit.id !== ctx.item.unitId)
            .map((unit) => ({ value: unit.id, label: unit.name })),
      },
      reason('case.fields.transferReason'),
    ],
    intro: (ctx) => (upALevelFrom(ctx) ? t('case.intro.upALevel') : ''),
    initial: (ctx) => {
      // 上交: a community-level unit could not resolve it: the street-level unit of the same center.
      const from = upALevelFrom(ctx);
      if (!from) return { centerCode: '', unitId: '', reason: '' };
      const street = ctx.territory?.units.find(
        (unit) => unit.centerCode === from.centerCode && unit.level === 'STREET' && unit.isMain,
      );
      return {
        centerCode: from.centerCode,
        unitId: street?.id ?? '',
        reason: t('case.fields.upALevelReason', { unit: from.name }),
      };
    },
    request: (ctx, form) => {
      const body = {
        centerCode: str(form, 'centerCode') as 'ZZ' | 'WG' | 'XF' | 'TJ',
        unitId: str(form, 'unitId'),
        reason: str(form, 'reason'),
      };
      return { body, send: (key) => transferCase(ctx.item.id, body, key) };
    },
  },
  acceptDispute: { ...noFields((item, key) => acceptCase(item.id, key)), intro: () => t('case.intro.acceptDispute') },
  rejectDispute: {
    fields: [reason('case.fields.rejectReason')],
    initial: () => ({ reason: '' }),
    request: (ctx, form) => {
      const body = { reason: str(form, 'reason') };
      return { body, send: (key) => rejectCase(ctx.item.id, body, key) };
    },
    danger: true,
  },
  approveSupervision: {
    ...noFields((item, key) => approveSupervision(item.id, key)),
    intro: () => t('case.intro.approveSupervision'),
  },
  returnSupervision: {
    fields: [reason('case.fields.returnReason')],
    initial: () => ({ reason: '' }),
    request: (ctx, form) => {
      const body = { reason: str(form, 'reason') };
      return { body, send: (key) => returnSupervision(ctx.item.id, body, key) };
    },
    danger: true,
  },
  issueSupervisionOrder: {
    intro: () => t('case.intro.issueSupervisionOrder'),
    fields: [
      { name: 'instruction', kind: 'textarea', label: 'case.fields.instruction', required: true, maxLength: TEXT },
      { name: 'deadline', kind: 'datetime', label: 'case.fields.orderDeadline', required: true },
    ],
    initial: () => ({ instruction: '', deadline: dayjs().add(3, 'day').hour(17).minute(0).second(0).format() }),
    request: (ctx, form) => {
      const body = { instruction: str(form, 'instruction'), deadline: str(form, 'deadline') };
      return { body, send: (key) => issueSupervisionOrder(ctx.item.id, body, key) };
    },
  },
  decideExtension: {
    intro: (ctx) =>
      t('case.intro.decideExtension', {
        days: ctx.item.extension?.days ?? '',
        reason: ctx.item.extension?.reason ?? '',
      }),
    fields: [
      {
        name: 'approve',
        kind: 'radio',
        label: 'case.fields.approve',
        required: true,
        options: () => [
          { value: true, label: t('case.fields.approveYes') },
          { value: false, label: t('case.fields.approveNo') },
        ],
      },
      { name: 'note', kind: 'textarea', label: 'case.fields.decisionNote', maxLength: TEXT },
    ],
    initial: () => ({ approve: true, note: '' }),
    request: (ctx, form) => {
      const body = { approve: form.approve === true, note: str(form, 'note') };
      return { body, send: (key) => decideExtension(ctx.item.id, ctx.item.extension?.id ?? '', body, key) };
    },
  },
  reassignTask: {
    intro: () => t('case.intro.reassignTask'),
    fields: [
      {
        name: 'mediatorId',
        kind: 'select',
        label: 'case.fields.mediator',
        placeholder: 'case.fields.mediatorPlaceholder',
        required: true,
        options: (ctx) =>
          ctx.mediators.filter((m) => m.id !== ctx.item.assigneeId).map((m) => ({ value: m.id, label: m.displayName })),
      },
    ],
    initial: () => ({ mediatorId: '' }),
    request: (ctx, form) => {
      const body = { mediatorId: str(form, 'mediatorId') };
      return { body, send: (key) => reassignCase(ctx.item.id, body, key) };
    },
  },
  suspendDispute: {
    fields: [reason('case.fields.suspendReason')],
    initial: () => ({ reason: '' }),
    request: (ctx, form) => {
      const body = { reason: str(form, 'reason') };
      return { body, send: (key) => suspendCase(ctx.item.id, body, key) };
    },
  },
  resumeDispute: { ...noFields((item, key) => resumeCase(item.id, key)), intro: () => t('case.intro.resumeDispute') },
  withdrawDispute: {
    intro: () => t('case.intro.withdrawDispute'),
    fields: [reason('case.fields.withdrawReason')],
    initial: () => ({ reason: '' }),
    request: (ctx, form) => {
      const body = { reason: str(form, 'reason') };
      return { body, send: (key) => withdrawCase(ctx.item.id, body, key) };
    },
    danger: true,
  },
};
