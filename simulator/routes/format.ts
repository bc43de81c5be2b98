import type { Paging } from "../input";

/** The `yyyy-mm-ddThh:mm:ss+0000` timestamps of instances and jobs. */
export function formatTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "+0000");
}

/** Parses formatTime's output (and any ISO 8601 time); undefined when it is neither. */
export function parseTime(text: string): number | undefined {
  const ms = Date.parse(text.replace(/([+-]\d{2})(\d{2})$/, "$1:$2"));
  return Number.isFinite(ms) ? ms : undefined;
}

/** IAM's `2019-02-13T06:52:13.855000Z`. */
export function formatIamTime(ms: number): string {
  return new Date(ms).toISOString().replace(/Z$/, "000Z");
}

/**
 * The page fields of instance and account listings. The reference's examples show `page_size` as
 * the requested page size (a 26-record listing with page_size 1 has 26 pages), not the items returned.
 */
export function pageFields(total: number, paging: Paging): { page_no: number; page_size: number; total_record: number; total_page: number } {
  return {
    page_no: Math.floor(paging.offset / paging.limit) + 1,
    page_size: paging.limit,
    total_record: total,
    total_page: Math.ceil(total / paging.limit),
  };
}
