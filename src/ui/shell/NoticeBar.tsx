/**
 * The store's last notice (a refusal, a loaded file), announced politely. Errors stay until
 * dismissed; information fades after a few seconds.
 */
import { useEffect } from 'react';
import { projectStore, useProjectStore } from '../../store/projectStore';

const INFO_VISIBLE_MS = 5000;

export function NoticeBar() {
  const notice = useProjectStore((s) => s.notice);
  const setNotice = useProjectStore((s) => s.setNotice);

  useEffect(() => {
    if (notice?.kind !== 'info') return;
    const timer = setTimeout(() => {
      // Only clear the notice this timer was started for, not a newer one.
      if (projectStore.getState().notice === notice) setNotice(null);
    }, INFO_VISIBLE_MS);
    return () => clearTimeout(timer);
  }, [notice, setNotice]);

  return (
    <div className="notice-region" aria-live="polite" role="status">
      {notice && (
        <div className={`notice is-${notice.kind}`} data-testid="notice">
          <span className="notice__icon" aria-hidden="true">
            {notice.kind === 'error' ? '⚠' : 'ℹ'}
          </span>
          <span className="notice__text">{notice.message}</span>
          <button
            type="button"
            className="btn-icon"
            aria-label="Dismiss notice"
            onClick={() => setNotice(null)}
          >
            ×
          </button>
        </div>
      )}
    </div>
  );
}
