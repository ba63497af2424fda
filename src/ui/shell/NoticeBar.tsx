/** The store's last notice (a refusal, a loaded file), announced politely and dismissable. */
import { useProjectStore } from '../../store/projectStore';

export function NoticeBar() {
  const notice = useProjectStore((s) => s.notice);
  const setNotice = useProjectStore((s) => s.setNotice);
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
