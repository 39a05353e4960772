export type { EmulatorApp, EmulatorFaults, EmulatorOptions, EmulatorStats, FieldValue, StoredRow } from './app';
export { createEmulatorApp, serviceNowDate } from './app';
export { demoServiceNowTables } from './demo-seed';
export { loadPdiRecords, PDI_RECORDS_DIR } from './pdi-records';
export type { ParsedQuery, Row } from './query';
export { applyQuery, parseQuery } from './query';
export type { RunningEmulator } from './server';
export { startEmulator } from './server';
