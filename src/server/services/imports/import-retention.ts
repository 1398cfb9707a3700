/** An upload nobody imported is kept this long; an import's report this long after it completed. */
export const STALE_UPLOAD_DAYS = 7;
export const REPORT_RETENTION_DAYS = 30;
