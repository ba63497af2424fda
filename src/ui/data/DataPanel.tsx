/**
 * The "Data" tab: samples in (demo, or a file read in a worker with progress and cancel), how
 * they were read, the columns with their roles, derived labels, label checks and memory.
 */
import './data.css';
import { DerivedLabelForm } from './DerivedLabelForm';
import { DialectSection } from './DialectSection';
import { FindingsSection } from './FindingsSection';
import { SchemaTable } from './SchemaTable';
import { SourceSection } from './SourceSection';

export function DataPanel() {
  return (
    <div className="data-panel">
      <SourceSection />
      <DialectSection />
      <SchemaTable />
      <DerivedLabelForm />
      <FindingsSection />
    </div>
  );
}
