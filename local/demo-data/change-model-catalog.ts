import type { ChangeType, Environment } from '../../lambdas/shared/records';
import type { CiKind, SystemCode } from './cmdb-catalog';

/** A change model of the catalogue and the CIs its changes target. */
export interface ChangeModelSpec {
  /** The generator's handle on the model: texts and targets are keyed by it. */
  readonly key: string;
  readonly name: string;
  readonly changeType: ChangeType;
  readonly technologyFamily: string;
  readonly objective: string;
  readonly environments: readonly Environment[];
  readonly description: string;
  /** CI kinds a change of this model is raised against. */
  readonly ciKinds: readonly CiKind[];
  /** For application changes, which applications. */
  readonly systems?: readonly SystemCode[];
  /** Retired models stay in the catalogue but are not offered. */
  readonly active?: boolean;
}

const ALL: readonly Environment[] = ['production', 'test', 'development', 'disaster_recovery'];
const PRD: readonly Environment[] = ['production', 'disaster_recovery'];
const SERVERS: readonly CiKind[] = ['linux_server', 'windows_server'];
const DATABASES: readonly CiKind[] = ['oracle_db', 'postgres_db', 'hana_db'];
const NETWORK: readonly CiKind[] = ['router', 'switch', 'firewall'];

/** The change model catalogue of the demo utility. */
export const CHANGE_MODEL_SPECS = [
  {
    key: 'linux_patching',
    name: 'Standard - Linux OS patching',
    changeType: 'standard',
    technologyFamily: 'linux',
    objective: 'patch',
    environments: ALL,
    ciKinds: ['linux_server'],
    description:
      'Pre-approved monthly patching of RHEL and SUSE servers with the vendor errata, applied by the automation pipeline in the maintenance window, one node of a cluster at a time.',
  },
  {
    key: 'windows_patching',
    name: 'Standard - Windows Server monthly patching',
    changeType: 'standard',
    technologyFamily: 'windows',
    objective: 'patch',
    environments: ALL,
    ciKinds: ['windows_server'],
    description:
      'Pre-approved installation of the monthly Microsoft cumulative update through WSUS/SCCM, with reboot, on Windows Server 2019/2022.',
  },
  {
    key: 'db_upgrade',
    name: 'Normal - Database version upgrade',
    changeType: 'normal',
    technologyFamily: 'database',
    objective: 'upgrade',
    environments: ALL,
    ciKinds: DATABASES,
    description:
      'Major or minor version upgrade of an Oracle, PostgreSQL or SAP HANA database, including pre-upgrade backup, upgrade, statistics refresh and application validation.',
  },
  {
    key: 'db_parameter',
    name: 'Standard - Database parameter change',
    changeType: 'standard',
    technologyFamily: 'database',
    objective: 'configuration',
    environments: ALL,
    ciKinds: DATABASES,
    description:
      'Change of a documented, reversible database parameter (memory, connections, autovacuum, log settings) within the limits agreed with the application owner.',
  },
  {
    key: 'security_emergency',
    name: 'Emergency - Security vulnerability remediation',
    changeType: 'emergency',
    technologyFamily: 'security',
    objective: 'patch',
    environments: ALL,
    ciKinds: [...SERVERS, 'firewall', 'vpn_gateway', 'load_balancer'],
    description:
      'Urgent remediation of a vulnerability that is actively exploited or rated critical by Security Operations (patch, mitigation or configuration hardening), approved by the ECAB.',
  },
  {
    key: 'firewall_rule',
    name: 'Standard - Firewall rule change',
    changeType: 'standard',
    technologyFamily: 'network',
    objective: 'configuration',
    environments: PRD,
    ciKinds: ['firewall'],
    description:
      'Addition, change or removal of firewall rules following an approved access request; no change to NAT, routing or the IT/OT boundary policy.',
  },
  {
    key: 'scada_release',
    name: 'Normal - SCADA/EMS software release',
    changeType: 'normal',
    technologyFamily: 'scada',
    objective: 'release',
    environments: ['production', 'disaster_recovery', 'test'],
    ciKinds: ['application'],
    systems: ['scada-ems'],
    description:
      'Deployment of a SCADA/EMS vendor release or hotfix, with failover to the standby server so grid monitoring and control continue during the change.',
  },
  {
    key: 'sap_transport',
    name: 'Normal - SAP transport to production',
    changeType: 'normal',
    technologyFamily: 'sap',
    objective: 'release',
    environments: ['production'],
    ciKinds: ['application'],
    systems: ['sap-isu'],
    description:
      'Import of SAP IS-U transport requests into production after QA sign-off, outside the billing batch window.',
  },
  {
    key: 'tls_renewal',
    name: 'Standard - TLS certificate renewal',
    changeType: 'standard',
    technologyFamily: 'security',
    objective: 'certificate_renewal',
    environments: ALL,
    ciKinds: ['load_balancer', 'application'],
    systems: ['portal', 'exchange', 'gis'],
    description:
      'Renewal of a TLS certificate from the corporate or public CA before expiry, installed on the load balancer or application server with the same names.',
  },
  {
    key: 'k8s_upgrade',
    name: 'Normal - Kubernetes cluster upgrade',
    changeType: 'normal',
    technologyFamily: 'kubernetes',
    objective: 'upgrade',
    environments: ['production', 'test'],
    ciKinds: ['k8s_cluster'],
    description:
      'Minor version upgrade of an OpenShift/Kubernetes cluster: control plane first, then worker nodes drained and upgraded one at a time.',
  },
  {
    key: 'network_firmware',
    name: 'Normal - Network device firmware',
    changeType: 'normal',
    technologyFamily: 'network',
    objective: 'upgrade',
    environments: PRD,
    ciKinds: NETWORK,
    description:
      'Firmware or OS upgrade of a router, switch or firewall, with redundant peer carrying traffic during the reload.',
  },
  {
    key: 'app_release',
    name: 'Normal - Application release',
    changeType: 'normal',
    technologyFamily: 'application',
    objective: 'release',
    environments: ALL,
    ciKinds: ['application'],
    systems: ['oms', 'mdm', 'ami-hes', 'gis', 'portal'],
    description:
      'Deployment of a new version of a business application through the release pipeline, with smoke tests and business verification.',
  },
  {
    key: 'emergency_fix',
    name: 'Emergency - Service restoration fix',
    changeType: 'emergency',
    technologyFamily: 'application',
    objective: 'fix',
    environments: PRD,
    ciKinds: ['application'],
    systems: ['oms', 'sap-isu', 'mdm', 'ami-hes', 'portal', 'scada-ems'],
    description:
      'Emergency fix to restore a service affected by a major incident; raised by the incident manager and approved by the ECAB.',
  },
  {
    key: 'lb_pool',
    name: 'Standard - Load balancer pool member change',
    changeType: 'standard',
    technologyFamily: 'network',
    objective: 'configuration',
    environments: PRD,
    ciKinds: ['load_balancer'],
    description:
      'Enabling, disabling or replacing members of an F5 pool, or adjusting health monitors, without changing virtual servers.',
  },
  {
    key: 'server_decommission',
    name: 'Normal - Server decommission',
    changeType: 'normal',
    technologyFamily: 'infrastructure',
    objective: 'decommission',
    environments: ALL,
    ciKinds: SERVERS,
    description:
      'Shutdown and removal of a server no longer in use: final backup, removal from monitoring, DNS and backup schedules, CMDB retirement.',
  },
  {
    key: 'ami_firmware',
    name: 'Normal - Smart meter firmware deployment',
    changeType: 'normal',
    technologyFamily: 'metering',
    objective: 'upgrade',
    environments: ['production', 'test'],
    ciKinds: ['application'],
    systems: ['ami-hes'],
    description:
      'Over-the-air firmware deployment to a population of smart meters through the AMI head-end, in waves, with a pilot group first.',
  },
  {
    key: 'gis_model_update',
    name: 'Standard - GIS network model data update',
    changeType: 'standard',
    technologyFamily: 'gis',
    objective: 'data_update',
    environments: ['production'],
    ciKinds: ['application'],
    systems: ['gis'],
    description:
      'Scheduled publication of network model edits (feeders, transformers, switches) from GIS to OMS and the outage map.',
  },
  {
    key: 'exchange_update',
    name: 'Normal - Exchange cumulative update',
    changeType: 'normal',
    technologyFamily: 'email',
    objective: 'upgrade',
    environments: ['production'],
    ciKinds: ['application'],
    systems: ['exchange'],
    description:
      'Installation of an Exchange Server cumulative or security update on the DAG members, one server at a time.',
  },
  {
    key: 'rtu_config',
    name: 'Normal - Substation RTU configuration change',
    changeType: 'normal',
    technologyFamily: 'scada',
    objective: 'configuration',
    environments: ['production'],
    ciKinds: ['rtu'],
    description:
      'Change to the point list, DNP3 settings or firmware of a substation RTU, coordinated with the grid control center and a field crew on site.',
  },
  {
    key: 'dr_failover_test',
    name: 'Normal - Disaster recovery failover test',
    changeType: 'normal',
    technologyFamily: 'infrastructure',
    objective: 'dr_test',
    environments: PRD,
    ciKinds: ['oracle_db', 'hana_db'],
    description:
      'Planned switchover of a critical database and its applications to the DR site and back, to prove the recovery time objective.',
  },
  {
    key: 'vpn_config',
    name: 'Standard - VPN gateway configuration change',
    changeType: 'standard',
    technologyFamily: 'network',
    objective: 'configuration',
    environments: ['production'],
    ciKinds: ['vpn_gateway'],
    description:
      'Change to VPN portals, gateways, client profiles or access groups that does not alter authentication.',
  },
  {
    key: 'emergency_network',
    name: 'Emergency - Network outage restoration',
    changeType: 'emergency',
    technologyFamily: 'network',
    objective: 'fix',
    environments: PRD,
    ciKinds: NETWORK,
    description: 'Emergency configuration or hardware change to restore network connectivity during a major incident.',
  },
  {
    key: 'mainframe_batch',
    name: 'Normal - Legacy mainframe batch change',
    changeType: 'normal',
    technologyFamily: 'mainframe',
    objective: 'configuration',
    environments: ['production'],
    ciKinds: [],
    active: false,
    description: 'Retired: changes to the legacy billing batch, replaced by SAP IS-U in 2024.',
  },
] as const satisfies readonly ChangeModelSpec[];

/** The generator's handle on a change model. */
export type ChangeModelKey = (typeof CHANGE_MODEL_SPECS)[number]['key'];
