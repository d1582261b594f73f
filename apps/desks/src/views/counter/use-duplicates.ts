import { ref, watch, type Ref } from 'vue';
import { findDuplicates, type DuplicatesQuery } from '@/api/disputes';
import type { CaseView, Category } from '@/api/types';

/** The gateway's formats: a query it would refuse is not sent. */
export const PHONE = /^\+?[0-9][0-9-]{5,19}$/;
export const ID_NUMBER = /^[0-9]{17}[0-9Xx]$/;

export type DuplicateReason = 'phone' | 'idNumber' | 'address';

export interface DuplicateHit {
  item: CaseView;
  reasons: DuplicateReason[];
}

export interface DuplicateSource {
  parties: { name: string; phone: string; idNumber: string }[];
  address: string;
  category: Category | '';
}

/** How many open cases each party (by its number in the form) already has, found by phone or ID number. */
export type OpenCasesByParty = Record<number, number>;

const DEBOUNCE_MS = 450;

/**
 * Open cases that look like the report being typed (DOMAIN.md: same party phone or ID number,
 * or same address and category within 30 days), asked for while the clerk types, debounced;
 * an answer to an older question never replaces a newer one.
 */
export function useDuplicates(source: Ref<DuplicateSource>) {
  const hits = ref<DuplicateHit[]>([]);
  const openCases = ref<OpenCasesByParty>({});
  const checking = ref(false);
  const asked = ref(false);
  const failed = ref(false);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let generation = 0;

  function questions(value: DuplicateSource) {
    const list: { query: DuplicatesQuery; reason: DuplicateReason; party?: number }[] = [];
    value.parties.forEach((party, index) => {
      const phone = party.phone.trim();
      const idNumber = party.idNumber.trim();
      if (PHONE.test(phone)) list.push({ query: { phone }, reason: 'phone', party: index });
      if (ID_NUMBER.test(idNumber)) list.push({ query: { idNumber }, reason: 'idNumber', party: index });
    });
    const address = value.address.trim();
    if (address && value.category) list.push({ query: { address, category: value.category }, reason: 'address' });
    return list;
  }

  async function check(value: DuplicateSource): Promise<void> {
    const mine = ++generation;
    const list = questions(value);
    if (list.length === 0) {
      hits.value = [];
      openCases.value = {};
      asked.value = false;
      checking.value = false;
      return;
    }
    checking.value = true;
    try {
      const answers = await Promise.all(list.map((question) => findDuplicates(question.query)));
      if (mine !== generation) return;
      const byId = new Map<string, DuplicateHit>();
      const counts: OpenCasesByParty = {};
      answers.forEach(({ items }, i) => {
        const { reason, party } = list[i];
        if (party !== undefined) counts[party] = Math.max(counts[party] ?? 0, items.length);
        for (const item of items) {
          const hit = byId.get(item.id) ?? { item, reasons: [] };
          if (!hit.reasons.includes(reason)) hit.reasons.push(reason);
          byId.set(item.id, hit);
        }
      });
      hits.value = [...byId.values()].sort((a, b) => b.item.createdAt.localeCompare(a.item.createdAt));
      openCases.value = counts;
      asked.value = true;
      failed.value = false;
    } catch {
      if (mine === generation) failed.value = true;
    } finally {
      if (mine === generation) checking.value = false;
    }
  }

  watch(
    () => JSON.stringify(questions(source.value)),
    () => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => void check(source.value), DEBOUNCE_MS);
    },
  );

  function reset(): void {
    generation++;
    if (timer) clearTimeout(timer);
    hits.value = [];
    openCases.value = {};
    asked.value = false;
    checking.value = false;
    failed.value = false;
  }

  return { hits, openCases, checking, asked, failed, reset };
}
