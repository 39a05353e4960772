import {
  type CiRelationship,
  CiRelationshipSchema,
  type ConfigurationItem,
  ConfigurationItemSchema,
  type Environment,
} from '../../lambdas/shared/records';
import {
  type CiKind,
  CLASS_BY_KIND,
  type Criticality,
  DB_GROUP,
  ENV_CODE,
  LOCATION,
  NETWORK_GROUP,
  SERVER_GROUP,
  SUBSTATIONS,
  SYSTEMS,
  type SystemCode,
} from './cmdb-catalog';
import { deriveSysId, type Rng } from './prng';
import { DAY_MS, toIso } from './time';

/** A CI with what the generator knows about it beyond the record. */
export interface CmdbEntry {
  readonly ci: ConfigurationItem;
  readonly kind: CiKind;
  /** The application the CI belongs to, when it belongs to one. */
  readonly system: SystemCode | null;
  /** The business service it ultimately supports, for incidents' businessService. */
  readonly service: string | null;
}

/** The generated CMDB: CIs with generator facts, and their relationships. */
export interface Cmdb {
  readonly entries: readonly CmdbEntry[];
  readonly relationships: readonly CiRelationship[];
}

/**
 * Builds the utility's CMDB: business services, applications per environment, their
 * servers and databases, the network they sit on, Kubernetes, VPN and substation RTUs,
 * wired into dependency trees (service → app → server/db → network).
 */
export function generateCmdb(seed: number, rng: Rng, now: number): Cmdb {
  const entries: CmdbEntry[] = [];
  const relationships: CiRelationship[] = [];
  const byName = new Map<string, CmdbEntry>();

  const add = (
    name: string,
    kind: CiKind,
    fields: Partial<ConfigurationItem> & { description: string },
    system: SystemCode | null = null,
    service: string | null = null,
  ): CmdbEntry => {
    const ci = ConfigurationItemSchema.parse({
      sysId: deriveSysId(seed, 'cmdb_ci', name),
      name,
      className: CLASS_BY_KIND[kind],
      environment: 'production',
      operationalStatus: 'operational',
      sysUpdatedOn: toIso(now - rng.int(5, 400) * DAY_MS),
      ...fields,
    });
    const entry = { ci, kind, system, service };
    entries.push(entry);
    byName.set(name, entry);
    return entry;
  };
  const relate = (parent: CmdbEntry, child: CmdbEntry, type: string): void => {
    relationships.push(
      CiRelationshipSchema.parse({
        sysId: deriveSysId(seed, 'cmdb_rel_ci', `${parent.ci.name}>${child.ci.name}`),
        parent: parent.ci.sysId,
        child: child.ci.sysId,
        type,
        sysUpdatedOn: toIso(now - rng.int(5, 400) * DAY_MS),
      }),
    );
  };
  const dependsOn = (parent: CmdbEntry, child: CmdbEntry) => relate(parent, child, 'Depends on::Used by');
  const runsOn = (parent: CmdbEntry, child: CmdbEntry) => relate(parent, child, 'Runs on::Runs');
  const need = (name: string): CmdbEntry => {
    const entry = byName.get(name);
    if (entry === undefined) throw new Error(`Demo CMDB has no CI named ${name}`);
    return entry;
  };

  // Network first: everything else hangs off it.
  const net = (name: string, kind: CiKind, description: string, location = 'DC1 - Madrid') =>
    add(name, kind, { description, location, supportGroup: NETWORK_GROUP, businessCriticality: '1_most_critical' });
  const wan = net('core-rtr-dc1-01', 'router', 'Core WAN router, DC1 (Cisco ASR 1001-X)');
  const wanDr = net('core-rtr-dc2-01', 'router', 'Core WAN router, DC2 (Cisco ASR 1001-X)', 'DC2 - Bilbao');
  const otRouter = net(
    'ot-rtr-ctrl-01',
    'router',
    'OT WAN router to substations, grid control center',
    'Grid Control Center - Valencia',
  );
  const coreSw = net('dc1-sw-core-01', 'switch', 'DC1 core switch (Nexus 9300), server VLANs');
  const coreSw2 = net('dc1-sw-core-02', 'switch', 'DC1 core switch (Nexus 9300), redundant pair');
  const drSw = net('dc2-sw-core-01', 'switch', 'DC2 core switch, disaster recovery site', 'DC2 - Bilbao');
  const otSw = net('ot-sw-ctrl-01', 'switch', 'Control center OT switch (SCADA LAN)', 'Grid Control Center - Valencia');
  const fwExt = net('fw-dc1-ext-01', 'firewall', 'Internet edge firewall (Palo Alto PA-5220)');
  const fwOt = net('fw-ot-dmz-01', 'firewall', 'IT/OT boundary firewall protecting the SCADA network');
  const lb = net('lb-dc1-01', 'load_balancer', 'F5 BIG-IP LTM for web and mail front ends');
  const vpn = net('vpn-gw-prd-01', 'vpn_gateway', 'Remote access VPN gateway (GlobalProtect)');
  for (const sw of [coreSw, coreSw2]) dependsOn(sw, wan);
  dependsOn(drSw, wanDr);
  dependsOn(otSw, otRouter);
  dependsOn(otRouter, fwOt);
  dependsOn(fwOt, coreSw);
  dependsOn(lb, fwExt);
  dependsOn(fwExt, wan);
  dependsOn(vpn, fwExt);
  const switchFor = (environment: Environment, index: number) =>
    environment === 'disaster_recovery' ? drSw : index % 2 === 0 ? coreSw : coreSw2;

  const platformGroup = 'Platform Engineering';
  for (const environment of ['production', 'test'] as const) {
    const code = ENV_CODE[environment];
    const cluster = add(`k8s-${code}-01`, 'k8s_cluster', {
      description: `OpenShift/Kubernetes cluster for containerised apps (${environment})`,
      environment,
      supportGroup: platformGroup,
      businessCriticality: environment === 'production' ? '2_somewhat_critical' : '4_not_critical',
      location: LOCATION[environment],
    });
    dependsOn(cluster, switchFor(environment, 0));
  }

  for (const system of SYSTEMS) {
    const service = add(system.service, 'business_service', {
      description: `Business service: ${system.label}`,
      supportGroup: system.group,
      businessCriticality: system.criticality,
      location: null,
    });
    system.tiers.forEach(([environment, servers], tierIndex) => {
      const code = ENV_CODE[environment];
      const production = environment === 'production' || environment === 'disaster_recovery';
      const criticality: Criticality = production ? system.criticality : '4_not_critical';
      const common = { environment, location: LOCATION[environment] };
      const app = add(
        `${system.code}-app-${code}`,
        'application',
        {
          ...common,
          description: `${system.label} (${environment})`,
          supportGroup: system.group,
          businessCriticality: criticality,
        },
        system.code,
        system.service,
      );
      if (production) dependsOn(service, app);
      const hosts: CmdbEntry[] = [];
      if (servers === 0) {
        runsOn(app, need(`k8s-${code}-01`));
      }
      for (let n = 1; n <= servers; n += 1) {
        const host = add(
          `${system.code}-${code}-${String(n).padStart(2, '0')}`,
          system.os,
          {
            ...common,
            description: `${system.label} application server ${n} (${environment})`,
            supportGroup: SERVER_GROUP[system.os],
            businessCriticality: criticality,
          },
          system.code,
          system.service,
        );
        runsOn(app, host);
        dependsOn(host, switchFor(environment, n + tierIndex));
        hosts.push(host);
      }
      if (system.db !== null) {
        const engine = { oracle_db: 'Oracle 19c', postgres_db: 'PostgreSQL 15', hana_db: 'SAP HANA 2.0' }[system.db];
        const db = add(
          `${system.code}-db-${code}`,
          system.db,
          {
            ...common,
            description: `${engine} database for ${system.label} (${environment})`,
            supportGroup: DB_GROUP,
            businessCriticality: criticality,
          },
          system.code,
          system.service,
        );
        dependsOn(app, db);
        // Production databases get their own server; test ones share the application server.
        const dbHost =
          production || hosts.length === 0
            ? add(
                `${system.code}-dbs-${code}-01`,
                'linux_server',
                {
                  ...common,
                  description: `Database server for ${system.label} (${environment})`,
                  supportGroup: SERVER_GROUP.linux_server,
                  businessCriticality: criticality,
                },
                system.code,
                system.service,
              )
            : (hosts[0] as CmdbEntry);
        runsOn(db, dbHost);
        if (dbHost !== hosts[0]) dependsOn(dbHost, switchFor(environment, tierIndex));
      }
    });
  }

  // Cross-system dependencies: front ends, identity, OT.
  for (const name of ['portal-app-prd', 'exchange-app-prd']) dependsOn(need(name), lb);
  for (const name of ['sap-isu-app-prd', 'portal-app-prd', 'oms-app-prd', 'gis-app-prd', 'exchange-app-prd']) {
    dependsOn(need(name), need('ad-app-prd'));
  }
  const vpnService = add('Remote Access VPN', 'business_service', {
    description: 'Business service: remote access for staff and contractors',
    supportGroup: NETWORK_GROUP,
    businessCriticality: '2_somewhat_critical',
  });
  dependsOn(vpnService, vpn);
  dependsOn(vpn, need('ad-app-prd'));
  dependsOn(need('oms-app-prd'), need('gis-app-prd'));
  dependsOn(need('oms-app-prd'), need('scada-ems-app-prd'));
  dependsOn(need('mdm-app-prd'), need('ami-hes-app-prd'));
  dependsOn(need('sap-isu-app-prd'), need('mdm-app-prd'));
  dependsOn(need('portal-app-prd'), need('sap-isu-app-prd'));
  dependsOn(need('scada-ems-app-prd'), otSw);
  for (const [index, substation] of SUBSTATIONS.entries()) {
    const rtu = add(
      `rtu-sub-${substation.toLowerCase().replace(/\s+/g, '-')}-01`,
      'rtu',
      {
        description: `Remote terminal unit, ${substation} substation (DNP3 over the OT WAN)`,
        supportGroup: 'OT Field Telecoms',
        businessCriticality: index < 2 ? '1_most_critical' : '2_somewhat_critical',
        location: `Substation ${substation}`,
      },
      'scada-ems',
      'Grid Operations (SCADA/EMS)',
    );
    dependsOn(need('scada-ems-app-prd'), rtu);
    dependsOn(rtu, otRouter);
  }
  return { entries, relationships };
}
