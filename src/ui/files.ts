/** Reading a scenario file (picked or dropped): too large a file is refused unread. */
import { SCENARIO_TEXT_MAX } from '../model/scenario.ts';
import type { Notice } from '../protocol/index.ts';

export async function readScenarioFile(
  file: Blob & { name: string },
  importText: (text: string, name: string) => void,
  notice: (n: Omit<Notice, 'type'>) => void,
): Promise<void> {
  if (file.size > SCENARIO_TEXT_MAX * 4) {
    notice({
      level: 'error',
      text: `Could not import ${file.name}: it is too large to be a scenario (${file.size} bytes). The current run is unchanged.`,
    });
    return;
  }
  try {
    importText(await file.text(), file.name);
  } catch {
    notice({
      level: 'error',
      text: `Could not import ${file.name}: the file cannot be read. The current run is unchanged.`,
    });
  }
}
