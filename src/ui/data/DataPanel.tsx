/** Placeholder until the samples panel lands (owned by the data work). */
export function DataPanel() {
  return <p className="empty-note">Loading samples is not available yet.</p>;
}
