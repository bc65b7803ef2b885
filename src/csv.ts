/**
 * CSV that opens cleanly in Excel: UTF-8 with a byte-order mark, CRLF line ends, every field
 * quoted. A cell that starts with = + - @ (or a tab/CR) gets a leading apostrophe, so a name or
 * school typed by a user can never run as a spreadsheet formula.
 */
export function toCsv(rows: (string | number)[][]): string {
  const cell = (value: string | number): string => {
    let text = String(value);
    if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
    return `"${text.replace(/"/g, '""')}"`;
  };
  return `\uFEFF${rows.map((row) => row.map(cell).join(',')).join('\r\n')}\r\n`;
}

/** A file a feature serves behind a signed link. */
export interface FileBody {
  filename: string;
  contentType: string;
  body: string;
}

export function csvFile(filename: string, rows: (string | number)[][]): FileBody {
  return { filename, contentType: 'text/csv; charset=utf-8', body: toCsv(rows) };
}
