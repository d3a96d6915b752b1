/** Compact number formatting for axes, labels and report text (3 significant digits). */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return "-";
  if (value !== 0 && (Math.abs(value) >= 1e5 || Math.abs(value) < 1e-3)) return value.toExponential(1);
  return String(Number(value.toPrecision(3)));
}
