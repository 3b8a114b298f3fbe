import { Instant } from '../../../components/ui/instant';

/** When the fleet scan behind the expiry columns ran; nothing before the first scan. */
export function ExpiryScanLine({
  scannedAt,
  zone,
  now,
}: {
  scannedAt: number | null;
  zone: string;
  now: number;
}) {
  if (scannedAt === null) return null;
  return (
    <p className="muted secrets-scan-line">
      Expiries from the fleet scan started <Instant ms={scannedAt} now={now} zone={zone} />.
    </p>
  );
}
