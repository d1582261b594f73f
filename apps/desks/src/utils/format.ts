import dayjs from 'dayjs';

/** 2026-12-01 14:05 */
export function formatDateTime(value: string | null | undefined): string {
  return value ? dayjs(value).format('YYYY-MM-DD HH:mm') : '';
}

/** 14:05 */
export function formatTime(value: string | null | undefined): string {
  return value ? dayjs(value).format('HH:mm') : '';
}

export function isToday(value: string): boolean {
  return dayjs(value).isSame(dayjs(), 'day');
}
