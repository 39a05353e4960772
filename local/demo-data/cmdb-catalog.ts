import type { ConfigurationItem, Environment } from '../../lambdas/shared/records';

/**
 * The utility's IT and OT estate as the demo CMDB describes it: which applications
 * exist, in which environments, on what, supported by whom.
 */

/** What a CI is, in the generator's terms; scenarios and change models target kinds. */
export type CiKind =
  | 'business_service'
  | 'application'
  | 'linux_server'
  | 'windows_server'
  | 'oracle_db'
  | 'postgres_db'
  | 'hana_db'
  | 'router'
  | 'switch'
  | 'firewall'
  | 'load_balancer'
  | 'vpn_gateway'
  | 'k8s_cluster'
  | 'rtu';

/** The applications of the utility, by short code. */
export type SystemCode = 'scada-ems' | 'oms' | 'sap-isu' | 'mdm' | 'ami-hes' | 'gis' | 'portal' | 'exchange' | 'ad';

/** The ServiceNow class of each kind of CI. */
export const CLASS_BY_KIND: Record<CiKind, string> = {
  business_service: 'cmdb_ci_service_business',
  application: 'cmdb_ci_appl',
  linux_server: 'cmdb_ci_linux_server',
  windows_server: 'cmdb_ci_win_server',
  oracle_db: 'cmdb_ci_db_ora_instance',
  postgres_db: 'cmdb_ci_db_postgresql_instance',
  hana_db: 'cmdb_ci_db_hana_instance',
  router: 'cmdb_ci_ip_router',
  switch: 'cmdb_ci_ip_switch',
  firewall: 'cmdb_ci_ip_firewall',
  load_balancer: 'cmdb_ci_lb_bigip',
  vpn_gateway: 'cmdb_ci_vpn_gateway',
  k8s_cluster: 'cmdb_ci_kubernetes_cluster',
  rtu: 'cmdb_ci_ot_rtu',
};

/** ServiceNow's business criticality values. */
export type Criticality = NonNullable<ConfigurationItem['businessCriticality']>;

/** One application of the estate and how it is deployed. */
export interface SystemSpec {
  readonly code: SystemCode;
  readonly label: string;
  readonly service: string;
  readonly group: string;
  readonly criticality: Criticality;
  readonly db: 'oracle_db' | 'postgres_db' | 'hana_db' | null;
  readonly os: 'linux_server' | 'windows_server';
  /** Environments and how many application servers each has; 0 means it runs on Kubernetes. */
  readonly tiers: readonly (readonly [Environment, number])[];
}

/** The applications of the utility, each with its business service and support group. */
export const SYSTEMS: readonly SystemSpec[] = [
  {
    code: 'scada-ems',
    label: 'SCADA/EMS (grid monitoring and control)',
    service: 'Grid Operations (SCADA/EMS)',
    group: 'OT SCADA Support',
    criticality: '1_most_critical',
    db: 'oracle_db',
    os: 'linux_server',
    tiers: [
      ['production', 2],
      ['disaster_recovery', 1],
      ['test', 1],
    ],
  },
  {
    code: 'oms',
    label: 'Outage Management System',
    service: 'Outage Management',
    group: 'OMS Application Support',
    criticality: '1_most_critical',
    db: 'oracle_db',
    os: 'linux_server',
    tiers: [
      ['production', 2],
      ['test', 1],
    ],
  },
  {
    code: 'sap-isu',
    label: 'SAP IS-U billing and customer care',
    service: 'Customer Billing (SAP IS-U)',
    group: 'SAP Basis',
    criticality: '1_most_critical',
    db: 'hana_db',
    os: 'linux_server',
    tiers: [
      ['production', 2],
      ['test', 1],
    ],
  },
  {
    code: 'mdm',
    label: 'Meter Data Management (VEE, interval data)',
    service: 'Meter-to-Cash',
    group: 'Metering Systems Support',
    criticality: '2_somewhat_critical',
    db: 'postgres_db',
    os: 'linux_server',
    tiers: [
      ['production', 2],
      ['test', 1],
    ],
  },
  {
    code: 'ami-hes',
    label: 'AMI head-end for smart meters',
    service: 'Smart Metering (AMI)',
    group: 'Metering Systems Support',
    criticality: '2_somewhat_critical',
    db: 'postgres_db',
    os: 'linux_server',
    tiers: [
      ['production', 2],
      ['test', 1],
    ],
  },
  {
    code: 'gis',
    label: 'GIS network model (ArcGIS Enterprise)',
    service: 'GIS Network Model',
    group: 'GIS Support',
    criticality: '2_somewhat_critical',
    db: 'postgres_db',
    os: 'windows_server',
    tiers: [
      ['production', 1],
      ['test', 1],
    ],
  },
  {
    code: 'portal',
    label: 'Customer self-service portal',
    service: 'Customer Self-Service Portal',
    group: 'Digital Channels',
    criticality: '2_somewhat_critical',
    db: 'postgres_db',
    os: 'linux_server',
    tiers: [
      ['production', 0],
      ['test', 0],
    ],
  },
  {
    code: 'exchange',
    label: 'Microsoft Exchange mail',
    service: 'Corporate Email',
    group: 'Collaboration Services',
    criticality: '2_somewhat_critical',
    db: null,
    os: 'windows_server',
    tiers: [['production', 2]],
  },
  {
    code: 'ad',
    label: 'Active Directory and single sign-on',
    service: 'Identity and Access',
    group: 'Identity & Access Management',
    criticality: '1_most_critical',
    db: null,
    os: 'windows_server',
    tiers: [['production', 2]],
  },
];

/** The environment code in host names: scada-ems-prd-01. */
export const ENV_CODE: Record<Environment, string> = {
  production: 'prd',
  disaster_recovery: 'dr',
  test: 'tst',
  staging: 'stg',
  development: 'dev',
};

/** Where each environment runs. */
export const LOCATION: Record<Environment, string> = {
  production: 'DC1 - Madrid',
  disaster_recovery: 'DC2 - Bilbao',
  test: 'DC1 - Madrid',
  staging: 'DC1 - Madrid',
  development: 'DC1 - Madrid',
};

/** Support group of every database. */
export const DB_GROUP = 'Database Administration';
/** Support group of servers, by operating system. */
export const SERVER_GROUP: Record<'linux_server' | 'windows_server', string> = {
  linux_server: 'Linux Server Support',
  windows_server: 'Windows Server Support',
};
/** Support group of routers, switches, firewalls, load balancers and VPN. */
export const NETWORK_GROUP = 'Network Operations';

/** Substations whose RTUs report to SCADA. */
export const SUBSTATIONS = ['Arganda', 'Valdemoro', 'Riverside', 'Oak Creek', 'Getafe Norte'] as const;
