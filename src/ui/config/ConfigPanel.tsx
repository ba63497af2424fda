/** Placeholder until the EasyRec config panel lands (owned by the export/import work). */
export function ConfigPanel() {
  return <p className="empty-note">The EasyRec config preview is not available yet.</p>;
}
