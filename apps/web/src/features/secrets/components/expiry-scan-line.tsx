import { Instant } from '../../../components/ui/instant';
import { Msg } from '../../../lib/i18n';

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
      <Msg id="secrets.scanLine" values={{ when: <Instant ms={scannedAt} now={now} zone={zone} /> }} />
    </p>
  );
}
