import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { extractOffline, type SlotDefinition } from '../../lambdas/shared/inference';
import { SHARED_DATA } from './helpers';

/** The category gazetteer a change/incident agent would pass (names of ServiceNow's default categories). */
const CATEGORY: SlotDefinition = {
  name: 'category',
  description: 'incident category',
  values: [
    { value: 'Network', synonyms: ['network', 'wireless', 'vpn', 'wifi', 'router', 'switch', 'internet'] },
    { value: 'Database', synonyms: ['database', 'oracle', 'sql', 'db'] },
    {
      value: 'Hardware',
      synonyms: ['laptop', 'printer', 'keyboard', 'monitor', 'hard drive', 'memory', 'usb', 'phone', 'cpu'],
    },
    { value: 'Software', synonyms: ['email', 'outlook', 'sap', 'application', 'install', 'software', 'exchange'] },
  ],
};

const SUBCATEGORY: SlotDefinition = {
  name: 'subcategory',
  description: 'problem subcategory',
  values: [
    { value: 'Email', synonyms: ['email', 'exchange', 'outlook', 'mail'] },
    { value: 'Oracle', synonyms: ['oracle', 'database', 'db'] },
    { value: 'VPN', synonyms: ['vpn'] },
    { value: 'Wireless', synonyms: ['wireless', 'wifi', 'wi-fi'] },
  ],
};

interface PdiRecord {
  readonly short_description?: string;
  readonly description?: string;
  readonly category?: string;
  readonly subcategory?: string | null;
}

function load(file: string): PdiRecord[] {
  return (
    JSON.parse(readFileSync(join(SHARED_DATA, 'servicenow-pdi-demo-records', file), 'utf8')) as { result: PdiRecord[] }
  ).result;
}

function score(records: readonly PdiRecord[], slot: SlotDefinition, label: (r: PdiRecord) => string): string {
  let filled = 0;
  let correct = 0;
  for (const record of records) {
    const text = `${record.short_description ?? ''}. ${record.description ?? ''}`;
    const value = extractOffline({ kind: 'extract', text, slots: [slot] }).slots[slot.name]?.value ?? null;
    if (value === null) continue;
    filled += 1;
    if (value === label(record)) correct += 1;
  }
  const counts = new Map<string, number>();
  for (const r of records) counts.set(label(r), (counts.get(label(r)) ?? 0) + 1);
  const majority = Math.max(...counts.values()) / records.length;
  return `${records.length} labelled, filled ${filled} (coverage ${(filled / records.length).toFixed(3)}), precision ${(correct / Math.max(1, filled)).toFixed(3)}, accuracy over all ${(correct / records.length).toFixed(3)}; majority class ${majority.toFixed(3)}, chance among the values offered ${(1 / (slot.values?.length ?? 1)).toFixed(3)}`;
}

/** Slot extraction (gazetteer + bilingual lexicon) against the PDI demo records' own labels. */
export function evaluateSlots(): string[] {
  if (!existsSync(join(SHARED_DATA, 'servicenow-pdi-demo-records')))
    return ['slot extraction: ../shared/data absent, skipped'];
  const incidents = load('incident.json');
  const problems = load('problem.json').filter((p) => typeof p.subcategory === 'string' && p.subcategory !== '');
  return [
    `slot extraction, incident category (PDI demo incidents; labels noisy, 'Inquiry / Help' is never offered): ${score(incidents, CATEGORY, (r) => r.category ?? '')}`,
    `slot extraction, problem subcategory (PDI demo problems with one): ${score(problems, SUBCATEGORY, (r) => r.subcategory ?? '')}`,
  ];
}
