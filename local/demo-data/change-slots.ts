import type { Language } from '../../lambdas/shared/records';
import type { ChangeModelKey } from './change-model-catalog';
import type { CmdbEntry } from './cmdb';
import { COMPANY_DOMAIN, ENVIRONMENT_LABEL, SHARED_INFRASTRUCTURE_LABEL } from './people';
import type { Rng } from './prng';
import { clockTime } from './time';

/** Before and after versions, per model (and database engine). */
function versionsFor(key: ChangeModelKey, entry: CmdbEntry, rng: Rng): { fromVersion: string; version: string } {
  switch (key) {
    case 'db_upgrade':
      if (entry.kind === 'oracle_db')
        return rng.pick([
          { fromVersion: '19.21', version: '19.24' },
          { fromVersion: '19.24', version: '23.5' },
        ]);
      if (entry.kind === 'hana_db') return { fromVersion: '2.0 SPS07 rev 73', version: '2.0 SPS08 rev 81' };
      return rng.pick([
        { fromVersion: 'PostgreSQL 15.6', version: 'PostgreSQL 16.4' },
        { fromVersion: 'PostgreSQL 15.6', version: 'PostgreSQL 15.8' },
      ]);
    case 'k8s_upgrade':
      return rng.pick([
        { fromVersion: '1.28', version: '1.29' },
        { fromVersion: '1.29', version: '1.30' },
      ]);
    case 'network_firmware':
      return entry.kind === 'firewall'
        ? { fromVersion: 'PAN-OS 10.2.9', version: 'PAN-OS 11.1.4-h7' }
        : { fromVersion: 'IOS XE 17.6.5', version: 'IOS XE 17.9.5a' };
    case 'scada_release':
      return { fromVersion: `EMS 3.${rng.int(2, 4)}.1`, version: `EMS 3.${rng.int(5, 6)}.${rng.int(0, 3)}` };
    case 'exchange_update':
      return { fromVersion: 'CU14', version: rng.pick(['CU14 SU3', 'CU15', 'CU15 SU1']) };
    case 'ami_firmware':
      return { fromVersion: `v5.1.${rng.int(90, 110)}`, version: `v5.2.${rng.int(111, 140)}` };
    case 'security_emergency':
      return { fromVersion: 'current build', version: `hotfix ${rng.int(1, 9)}.${rng.int(0, 9)}.${rng.int(10, 99)}` };
    default:
      return {
        fromVersion: `${rng.int(3, 7)}.${rng.int(0, 9)}.${rng.int(0, 9)}`,
        version: `${rng.int(8, 9)}.${rng.int(0, 9)}.0`,
      };
  }
}

const DB_PARAMETERS: Record<string, readonly (readonly [string, string, string])[]> = {
  oracle_db: [
    ['processes', '1500', '2500'],
    ['sga_target', '48G', '64G'],
  ],
  postgres_db: [
    ['max_connections', '300', '500'],
    ['work_mem', '16MB', '64MB'],
  ],
  hana_db: [['global_allocation_limit', '460800', '524288']],
};

const COUNT_RANGE: Partial<Record<ChangeModelKey, readonly [number, number]>> = {
  tls_renewal: [9, 30],
  app_release: [6, 42],
  sap_transport: [300, 4800],
  ami_firmware: [2, 9],
  gis_model_update: [40, 380],
};

const PORTS = ['443', '1521', '5432', '8443', '22', '30015', '20000'] as const;

/**
 * The values a change text's `{slots}` take for one change: names from the CMDB,
 * versions and identifiers drawn for the model, labels in the text's language.
 */
export function changeSlots(
  key: ChangeModelKey,
  entry: CmdbEntry,
  entries: readonly CmdbEntry[],
  language: Language,
  startMs: number,
  rng: Rng,
): Record<string, string> {
  const year = new Date(startMs).getUTCFullYear();
  // The node that carries the load meanwhile: for an application, one of its servers.
  const peers = entries.filter(
    (other) =>
      other !== entry &&
      other.ci.environment === entry.ci.environment &&
      other.system === entry.system &&
      (entry.kind === 'application'
        ? other.kind === 'linux_server' || other.kind === 'windows_server'
        : other.kind === entry.kind),
  );
  const apps = entries.filter((other) => other.kind === 'application' && other.ci.environment === 'production');
  const [source, dest] = rng.shuffle(apps).map((other) => other.ci.name);
  const [parameter, oldValue, value] = rng.pick(DB_PARAMETERS[entry.kind] ?? DB_PARAMETERS.postgres_db ?? []);
  const [minCount, maxCount] = COUNT_RANGE[key] ?? [5, 50];
  return {
    ci: entry.ci.name,
    env: ENVIRONMENT_LABEL[language][entry.ci.environment ?? 'production'],
    service: entry.service ?? SHARED_INFRASTRUCTURE_LABEL[language],
    peer: peers.length > 0 ? rng.pick(peers).ci.name : language === 'es' ? 'el nodo de reserva' : 'the standby node',
    ...versionsFor(key, entry, rng),
    errata: `RHSA-${year}:${rng.int(1000, 9999)}`,
    kb: `KB50${rng.int(10000, 99999)}`,
    cve: `CVE-${year}-${rng.int(10000, 49999)}`,
    ticket: `RITM00${rng.int(10000, 99999)}`,
    source: source ?? 'mdm-app-prd',
    dest: dest ?? 'sap-isu-app-prd',
    port: rng.pick(PORTS),
    cert: `${entry.system ?? 'www'}.${COMPANY_DOMAIN}`,
    pool: `pool_${entry.system ?? 'web'}_443`,
    transport: `ISUK9${rng.int(10000, 99999)}`,
    parameter: parameter ?? 'max_connections',
    oldValue: oldValue ?? '300',
    value: value ?? '500',
    count: String(rng.int(minCount, maxCount)),
    duration: String(rng.int(3, 18) * 5),
    start: clockTime(startMs),
    site: (entry.ci.location ?? 'Substation Arganda').replace(/^Substation /, ''),
  };
}
