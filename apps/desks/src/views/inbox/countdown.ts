import { onBeforeUnmount, onMounted, ref } from 'vue';
import { t } from '@/locales';
import type { SlaReading } from './sla';

/** 剩余 2天3小时 / 已超时 5小时 / 无期限. */
export function countdownText(reading: SlaReading): string {
  const { level, days: d, hours: h, minutes: m } = reading;
  if (level === 'none') return t('inbox.countdown.none');
  const prefix = level === 'overdue' ? 'overdue' : '';
  const key = (name: string) =>
    `inbox.countdown.${prefix ? `${prefix}${name[0].toUpperCase()}${name.slice(1)}` : name}`;
  if (d > 0) return t(key('daysHours'), { d, h });
  if (h > 0) return t(key('hours'), { h });
  return t(key('minutes'), { m });
}

/** The time now, moving every `everyMs` (the countdowns count in minutes). */
export function useNow(everyMs = 30_000) {
  const now = ref(Date.now());
  let timer: ReturnType<typeof setInterval> | undefined;
  onMounted(() => {
    timer = setInterval(() => (now.value = Date.now()), everyMs);
  });
  onBeforeUnmount(() => clearInterval(timer));
  return now;
}
