import { startOfLocalDay } from '../arabic/dates.ts';
import type { ReaderSearchRequest } from '../search/reader-search.ts';
import type { SearchParams } from './search-params.ts';

/** Checked search parameters as a search over instants: `to` is the whole of its day. */
export function searchRequest(
  params: SearchParams,
  timeZone: string,
  page: { limit: number; offset: number },
): ReaderSearchRequest {
  const day = (text: string, plusDays = 0) => {
    const [year, month, date] = text.split('-').map(Number) as [number, number, number];
    const shifted = new Date(Date.UTC(year, month - 1, date + plusDays));
    return startOfLocalDay(shifted.getUTCFullYear(), shifted.getUTCMonth() + 1, shifted.getUTCDate(), timeZone);
  };
  return {
    text: params.q,
    sectionId: params.section?.id,
    from: params.from ? day(params.from) : undefined,
    to: params.to ? day(params.to, 1) : undefined,
    ...page,
  };
}
