import type { Version } from '@csms-console/api-contract';
import { CURRENT_STAGE, isUnlabelled, orderedStages } from '../utils/versions';

export const UNLABELLED_FOOTNOTE_ID = 'versions-unlabelled-footnote';

/** A version's stage labels as chips; SYSCURRENT marked as current; no label marked as deletable. */
export function VersionStages({ version }: { version: Version }) {
  if (isUnlabelled(version)) {
    return (
      <span className="unlabelled" aria-describedby={UNLABELLED_FOOTNOTE_ID}>
        <span className="chip chip-unlabelled">No label</span>
        <span className="unlabelled-note">
          <span aria-hidden="true">⚠ </span>CSMS may delete this version
          <a href={`#${UNLABELLED_FOOTNOTE_ID}`} className="footnote-ref" aria-label="Why CSMS may delete it">
            *
          </a>
        </span>
      </span>
    );
  }
  return (
    <ul className="chip-list" aria-label={`Stages of ${version.id}`}>
      {orderedStages(version.version_stages).map((stage) =>
        stage === CURRENT_STAGE ? (
          <li key={stage}>
            <span className="chip chip-current">
              <span aria-hidden="true">★ </span>
              {stage}
            </span>
            <span className="current-tag">current</span>
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
