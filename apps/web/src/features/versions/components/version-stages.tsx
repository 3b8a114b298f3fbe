import type { Version } from '@csms-console/api-contract';
import { t } from '../../../lib/i18n';
import { CURRENT_STAGE, isUnlabelled, orderedStages } from '../utils/versions';

export const UNLABELLED_FOOTNOTE_ID = 'versions-unlabelled-footnote';

/** A version's stage labels as chips; SYSCURRENT marked as current; no label marked as deletable. */
export function VersionStages({ version }: { version: Version }) {
  if (isUnlabelled(version)) {
    return (
      <span className="unlabelled" aria-describedby={UNLABELLED_FOOTNOTE_ID}>
        <span className="chip chip-unlabelled">{t('versions.stages.noLabel')}</span>
        <span className="unlabelled-note">
          <span aria-hidden="true">⚠ </span>
          {t('versions.stages.mayDelete')}
          <a
            href={`#${UNLABELLED_FOOTNOTE_ID}`}
            className="footnote-ref"
            aria-label={t('versions.stages.whyMayDelete')}
          >
            *
          </a>
        </span>
      </span>
    );
  }
  return (
    <ul className="chip-list" aria-label={t('versions.stages.of', { version: version.id })}>
      {orderedStages(version.version_stages).map((stage) =>
        stage === CURRENT_STAGE ? (
          <li key={stage}>
            <span className="chip chip-current">
              <span aria-hidden="true">★ </span>
              {stage}
            </span>
            <span className="current-tag">{t('versions.stages.current')}</span>
          </li>
        ) : (
          <li key={stage}>
            <span className="chip">{stage}</span>
          </li>
        ),
      )}
    </ul>
  );
}
