import type { CaseView, TimelineEvent, Territory } from '@/api/types';
import { label, t } from '@/locales';
import { formatDateTime } from '@/utils/format';

/**
 * What an event of the timeline says beyond its name, in Chinese: reasons, notes, outcomes, where
 * it was routed or transferred, the new deadline. Lines in reading order; none for events whose
 * name says it all.
 */
export function timelineDetail(event: TimelineEvent, item: CaseView, territory: Territory | null): string[] {
  const d = event.data as Record<string, unknown>;
  const s = (name: string) => (d[name] === null || d[name] === undefined ? '' : String(d[name]));
  const time = (name: string) => formatDateTime(s(name) || null);
  const unit = (id: string) => territory?.units.find((u) => u.id === id)?.name ?? '';
  const lines: string[] = [];
  const add = (key: string, params?: Record<string, string | number>) =>
    lines.push(t(`case.timeline.detail.${key}`, params));
  const reason = () => s('reason') && add('reason', { reason: s('reason') });

  switch (event.type) {
    case 'DisputeReported':
      if (s('channel')) add('channel', { channel: label('channel', s('channel')) });
      break;
    case 'DisputeAccepted':
      if (s('caseNo')) add('accepted', { caseNo: s('caseNo') });
      break;
    case 'DisputeRejected':
    case 'DisputeSuspended':
    case 'DisputeWithdrawn':
    case 'SupervisionReturned':
      reason();
      break;
    case 'DisputeRouted':
      add('routed', {
        center: label('center', s('centerCode')),
        unit: unit(s('unitId')),
        severity: label('severity', s('severity')),
        slaClass: label('slaClass', s('slaClass')),
      });
      break;
    case 'TaskReassigned':
      if (s('assigneeId') && s('assigneeId') === item.assigneeId && item.assigneeName)
        add('reassigned', { name: item.assigneeName });
      else add('reassignedSomeone');
      break;
    case 'DisputeTransferred':
      add(d.upALevel === true ? 'upALevel' : 'transferred', {
        center: label('center', s('centerCode')),
        unit: unit(s('unitId')),
        reason: s('reason'),
      });
      break;
    case 'HandlingRecorded':
      add('session', {
        at: time('sessionAt'),
        participants: Array.isArray(d.participants) ? d.participants.join('、') : '',
      });
      if (s('note')) add('note', { note: s('note') });
      break;
    case 'HandlingCompleted': {
      add('outcome', { outcome: label('outcome', s('outcome')), summary: s('summary') });
      const agreement = d.agreement as { terms?: string; fulfilBy?: string } | null | undefined;
      if (agreement?.terms) add('agreement', { terms: agreement.terms, fulfilBy: agreement.fulfilBy ?? '' });
      break;
    }
    case 'ExtensionRequested':
      add('extensionRequested', { days: s('days'), reason: s('reason') });
      break;
    case 'ExtensionDecided':
      if (d.approve === true) add('extensionApproved', { days: s('days') });
      else add('extensionRejected');
      if (s('note')) add('decisionNote', { note: s('note') });
      break;
    case 'FollowUpRecorded':
      add(d.fulfilled === true ? 'followUpFulfilled' : 'followUpNotFulfilled');
      if (s('note')) add('note', { note: s('note') });
      break;
    case 'SupervisionOrderIssued':
      add('order', { instruction: s('instruction'), deadline: time('deadline') });
      break;
    case 'SupervisionApproved':
      if (d.auto === true) add('autoApproved');
      break;
    case 'WarningRaised':
      add('warning', { deadline: time('deadline') });
      break;
    case 'EscalationRaised':
      add('escalation', { level: s('level') });
      break;
    case 'FeedbackDelivered':
      add('feedback', { channel: label('feedbackChannel', s('channel')), content: s('content') });
      break;
    case 'EvaluationReceived':
      add('rating', { rating: label('rating', s('rating')) });
      if (s('comment')) add('comment', { comment: s('comment') });
      break;
    case 'DisputeReopened':
      add('reopened', { n: s('reopenCount') });
      break;
    case 'DisputeClosed':
      if (s('resolution')) add('closed', { resolution: label('resolution', s('resolution')) });
      break;
    case 'DisputeMerged':
      if (s('intoCaseNo')) add('mergedInto', { caseNo: s('intoCaseNo') });
      else if (s('mergedCaseNo')) add('mergedFrom', { caseNo: s('mergedCaseNo') });
      break;
    // 协办 (docs/joint-handling.md)
    case 'AssistanceRequested':
      add('assistanceRequested', {
        unit: unit(s('assistingUnitId')),
        days: s('workingDays'),
        deadline: time('deadline'),
        instruction: s('instruction'),
      });
      break;
    case 'AssistanceClaimed':
      add('assistanceClaimed', { unit: unit(s('assistingUnitId')) });
      break;
    case 'AssistanceAnswered':
      add(d.onTime === true ? 'assistanceAnswered' : 'assistanceAnsweredLate', {
        unit: unit(s('assistingUnitId')),
        report: s('report'),
      });
      break;
    case 'AssistanceWithdrawn':
      add('assistanceWithdrawn', {
        unit: unit(s('assistingUnitId')),
        reason: s('reason') === 'CASE_CLOSED' ? t('case.timeline.detail.caseClosed') : s('reason'),
      });
      break;
    case 'AssistanceWarningRaised':
      add('assistanceWarning', { unit: unit(s('assistingUnitId')), deadline: time('deadline') });
      break;
    case 'AssistanceEscalationRaised':
      add('assistanceEscalation', {
        unit: unit(s('assistingUnitId')),
        center: label('center', s('assistingCenterCode')),
        level: s('level'),
      });
      break;
    default:
      break;
  }
  return lines;
}
