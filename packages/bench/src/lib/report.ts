/** Plain-text benchmark report: one row per measurement, a ratio against the same run's baseline. */
export interface Row {
  name: string;
  value: string;
  ratio?: number;
  target?: string;
  met?: boolean;
}

export const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

export const fmt = (n: number, digits = 0): string =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

export function printReport(title: string, rows: Row[]): void {
  console.log(`\n${title}`);
  const width = Math.max(...rows.map((r) => r.name.length));
  for (const r of rows) {
    const ratio = r.ratio === undefined ? '' : `  ratio ${r.ratio.toFixed(2)}`;
    const target = r.target === undefined ? '' : `  target ${r.target}: ${r.met ? 'met' : 'NOT MET'}`;
    console.log(`  ${r.name.padEnd(width)}  ${r.value}${ratio}${target}`);
  }
}
