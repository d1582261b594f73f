/**
 * The party page of a receipt code, as printed on the receipt's QR code. The desks' own address
 * unless the build names the address parties reach it by (VITE_PARTY_BASE_URL, e.g. when clerks
 * use an intranet name that residents' phones cannot open).
 */
export function partyPageUrl(receiptCode: string): string {
  const base = (import.meta.env.VITE_PARTY_BASE_URL as string | undefined) || window.location.origin;
  return `${base.replace(/\/+$/, '')}/p/${encodeURIComponent(receiptCode)}`;
}

/** The same address without the code, for "or visit … and type the code". */
export function partyPageBase(): string {
  const base = (import.meta.env.VITE_PARTY_BASE_URL as string | undefined) || window.location.origin;
  return `${base.replace(/\/+$/, '')}/p`;
}
