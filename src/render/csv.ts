/**
 * CSV export for French spreadsheet users (Excel FR, LibreOffice fr-FR, Numbers).
 *
 * - UTF-8 with a BOM, so Excel detects the encoding and keeps the accents;
 * - `;` as the field separator (the `,` is the French decimal separator);
 * - CRLF after every record, the last one included;
 * - numbers written with a decimal comma (`0,75`), so they are read as numbers;
 * - `null` / `undefined` (and non-finite numbers) give an empty field;
 * - a field holding `;`, `"`, CR or LF is quoted, its quotes doubled (RFC 4180);
 * - formula injection guard: a *string* starting with `=`, `+`, `-`, `@`, a tab or a CR
 *   (or the full-width `＝ ＋ － ＠`, which some spreadsheets also read as formula starts)
 *   gets a leading `'`. Numbers are never guarded: `-3` passed as a number stays `-3`.
 *
 * No library. csv-stringify 6.9 was tried: `escape_formulas` does spare numbers, but the
 * decimal comma and NaN still need a `cast`, and with `record_delimiter: 'windows'` it leaves
 * a lone LF or CR unquoted (`a\nb` comes out bare), which Excel splits into two rows. The
 * rules fit in the few lines below, tested one by one.
 *
 * Dates are written `AAAA-MM-JJ HH:MM` in the reader's time zone (`spreadsheetDateTime`): Excel FR
 * and LibreOffice read that as a date and time they can sort and filter, where an ISO string in
 * UTC (`2026-11-28T09:30:00.000Z`) stays text, an hour off for a reader in Paris.
 */
import { DateTime } from 'luxon';

export type CsvCell = string | number | null | undefined;

const BOM = '\uFEFF';
const SEPARATOR = ';';
const EOL = '\r\n';
const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;
const NEEDS_QUOTES = /[;"\r\n]/;

/** The whole file: BOM, header record, then one record per row. */
export function toCsv(header: string[], rows: Array<Array<CsvCell>>): string {
  const records = [header, ...rows].map(csvRecord);
  return BOM + records.map((record) => record + EOL).join('');
}

/** One record, without its line end. */
export function csvRecord(cells: ReadonlyArray<CsvCell>): string {
  return cells.map(csvField).join(SEPARATOR);
}

/** One field, guarded and quoted as needed. */
export function csvField(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return formatNumber(value);
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** `0.75` → `0,75`; `-3` → `-3`; `1e21` → `1e+21` (Excel FR reads it); NaN/±Infinity → empty. */
function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return '';
  // -0 prints as "0" through String(); keep it that way.
  return String(value).replace('.', ',');
}

/**
 * An instant (ISO string or milliseconds) as `AAAA-MM-JJ HH:MM` in `zone`, the form spreadsheets
 * read as a date and time; null when there is none or it cannot be read.
 */
export function spreadsheetDateTime(instant: string | number | null | undefined, zone: string): string | null {
  if (instant === null || instant === undefined) return null;
  const at = typeof instant === 'number' ? DateTime.fromMillis(instant, { zone }) : DateTime.fromISO(instant, { zone });
  return at.isValid ? at.toFormat('yyyy-MM-dd HH:mm') : null;
}
