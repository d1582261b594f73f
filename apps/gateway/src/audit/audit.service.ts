import { Injectable } from '@nestjs/common';
import { AuditRepository, type AuditEntry, type AuditQuery } from '@app/persistence/repositories/audit.repository';
import { currentRequest } from '../common/request-context';

/**
 * What the audit trail records (OWASP ASVS 5.0 V16.3): security events, each with who, when, from
 * where and the request it belongs to. Never a password, token or personal datum itself.
 */
export const AUDIT_KINDS = [
  'SIGN_IN',
  'SIGN_IN_FAILED',
  'SIGN_OUT',
  'PASSWORD_CHANGED',
  'USER_CREATED',
  'USER_CHANGED',
  'ROUTING_RULES_CHANGED',
  'SLA_POLICY_CHANGED',
  'CALENDAR_CHANGED',
  'PERSONAL_DATA_REVEALED',
  // the key-person register (docs/key-persons.md): every read of a record, and every change
  'KEY_PERSONS_LISTED',
  'KEY_PERSON_READ',
  'KEY_PERSON_CREATED',
  'KEY_PERSON_CHANGED',
  'KEY_PERSON_VISIT_RECORDED',
  'KEY_PERSON_VISIT_POLICY_CHANGED',
] as const;

export type AuditKind = (typeof AUDIT_KINDS)[number];

/** Who acted, as far as the audit trail cares. */
export interface AuditActor {
  id: string;
  username: string;
}

/** Where unmasked parties were shown: a case's page, its timeline, or the case as an action answered it. */
export type RevealView = 'case' | 'timeline' | 'action';

/**
 * Appends to the audit trail (table `audit_events`, append-only: the app's database role may
 * not change or delete a row, and triggers refuse it to anyone). The client address and request
 * id come from the request being handled unless given. An append that fails fails the request:
 * an event that must be recorded is not done silently without its record.
 */
@Injectable()
export class AuditService {
  constructor(private readonly repository: AuditRepository) {}

  async record(kind: AuditKind, entry: Omit<AuditEntry, 'kind'> = {}): Promise<void> {
    const request = currentRequest();
    await this.repository.append({
      ...entry,
      kind,
      clientAddress: entry.clientAddress ?? request?.clientAddress ?? null,
      requestId: entry.requestId ?? request?.requestId ?? null,
    });
  }

  /** A successful sign-in. */
  signedIn(user: AuditActor, details: Record<string, unknown> = {}): Promise<void> {
    return this.record('SIGN_IN', {
      actorId: user.id,
      actorUsername: user.username,
      targetType: 'user',
      targetId: user.id,
      details,
    });
  }

  /**
   * A refused sign-in, under the name that was tried (whether or not such an account exists;
   * the id only when it does). `reason`: why, in the server's words (never the password).
   */
  signInFailed(username: string, reason: string, userId?: string | null): Promise<void> {
    return this.record('SIGN_IN_FAILED', {
      actorId: userId ?? null,
      actorUsername: username.slice(0, 200),
      targetType: 'user',
      targetId: userId ?? null,
      details: { reason },
    });
  }

  accountCreated(admin: AuditActor, account: { id: string } & Record<string, unknown>): Promise<void> {
    return this.record('USER_CREATED', {
      actorId: admin.id,
      actorUsername: admin.username,
      targetType: 'user',
      targetId: account.id,
      details: { after: account },
    });
  }

  /** `before` and `after`: the account's fields that changed, each as it was and as it is (a new password only as `password: "changed"`). */
  accountChanged(
    admin: AuditActor,
    accountId: string,
    before: Record<string, unknown>,
    after: Record<string, unknown>,
  ): Promise<void> {
    return this.record('USER_CHANGED', {
      actorId: admin.id,
      actorUsername: admin.username,
      targetType: 'user',
      targetId: accountId,
      details: { before, after },
    });
  }

  settingChanged(
    kind: Extract<AuditKind, 'ROUTING_RULES_CHANGED' | 'SLA_POLICY_CHANGED' | 'CALENDAR_CHANGED'>,
    admin: AuditActor,
    target: string,
    before: unknown,
    after: unknown,
  ): Promise<void> {
    return this.record(kind, {
      actorId: admin.id,
      actorUsername: admin.username,
      targetType: 'setting',
      targetId: target,
      details: { before, after },
    });
  }

  /** Phone or ID numbers of a case's parties were shown whole; `fields`: which kinds, `parties`: how many parties had them. */
  personalDataRevealed(
    user: AuditActor,
    caseRef: { id: string; caseNo?: string | null },
    view: RevealView,
    reveal: { fields: string[]; parties: number },
  ): Promise<void> {
    return this.record('PERSONAL_DATA_REVEALED', {
      actorId: user.id,
      actorUsername: user.username,
      targetType: 'case',
      targetId: caseRef.id,
      details: { view, caseNo: caseRef.caseNo ?? null, ...reveal },
    });
  }

  list(query: AuditQuery) {
    return this.repository.list(query);
  }
}

/**
 * The fields of `after` that differ from `before`, each side restricted to them: what an audit
 * entry of a change shows. Arrays and objects compare by their JSON. Pure.
 */
export function changedFields(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
): { before: Record<string, unknown>; after: Record<string, unknown> } {
  const changed = Object.keys(after).filter(
    (key) => after[key] !== undefined && JSON.stringify(before[key]) !== JSON.stringify(after[key]),
  );
  return {
    before: Object.fromEntries(changed.map((key) => [key, before[key] ?? null])),
    after: Object.fromEntries(changed.map((key) => [key, after[key]])),
  };
}

/**
 * Which kinds of personal data (phone, idNumber) `value` holds, however deep (a case's parties, an
 * event's payload, a merged case's parties), and how many objects (parties) hold any. Pure.
 */
export function personalDataIn(value: unknown): { fields: string[]; parties: number } {
  const fields = new Set<string>();
  let holders = 0;
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (node === null || typeof node !== 'object') return;
    const record = node as Record<string, unknown>;
    let holds = false;
    for (const key of ['phone', 'idNumber']) {
      if (typeof record[key] === 'string' && record[key] !== '') {
        fields.add(key);
        holds = true;
      }
    }
    if (holds) holders += 1;
    Object.values(record).forEach(visit);
  };
  visit(value);
  return { fields: [...fields].sort(), parties: holders };
}
