/** The "Scenarios" menu (presets), Share, Export and Import (file picker). */
import { useRef } from 'react';
import { PRESETS } from '../../scenario/presets.ts';
import { useApp } from '../context.ts';
import { readScenarioFile } from '../files.ts';

export function ScenarioControls() {
  const loadPreset = useApp((s) => s.loadPreset);
  const openShare = useApp((s) => s.openShare);
  const exportScenario = useApp((s) => s.exportScenario);
  const importText = useApp((s) => s.importText);
  const notice = useApp((s) => s.notice);
  const presetId = useApp((s) => s.explanation?.id ?? '');
  const file = useRef<HTMLInputElement>(null);
  return (
    <>
      <select
        aria-label="Scenarios"
        className="scenarios"
        value={presetId}
        onChange={(e) => {
          if (e.target.value) loadPreset(e.target.value);
        }}
      >
        <option value="">Scenarios…</option>
        {PRESETS.map((p) => (
          <option key={p.id} value={p.id}>
            {p.title}
          </option>
        ))}
      </select>
      <button type="button" onClick={openShare} title="A link to this moment of the run">
        Share
      </button>
      <button type="button" onClick={exportScenario} title="Save the scenario as a JSON file">
        Export
      </button>
      <button
        type="button"
        onClick={() => file.current?.click()}
        title="Load a scenario file (or drop one on the page)"
      >
        Import
      </button>
      <input
        ref={file}
        type="file"
        accept=".json,application/json"
        hidden
        aria-label="Scenario file"
        data-testid="import-file"
        onChange={(e) => {
          const f = e.target.files?.[0];
          e.target.value = '';
          if (f) void readScenarioFile(f, importText, notice);
        }}
      />
    </>
  );
}
