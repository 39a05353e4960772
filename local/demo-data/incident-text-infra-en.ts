import type { IncidentScenarioKey } from './incident-scenarios';
import type { IncidentText } from './template-types';

/** English incident texts for server, database, network, platform and device scenarios. */
export const INFRA_INCIDENT_TEXT_EN = {
  disk_full: {
    short: ['Filesystem {error} full on {ci}', 'Disk space alert on {ci}: {error} at {pct}%'],
    description: [
      'Monitoring alert at {time}: filesystem {error} on {ci} is {pct}% full. Application logs may stop being written.',
      'No space left on {error} on {ci}; the application is failing to write files since {time}.',
    ],
    resolution: [
      'Compressed and removed old application logs, fixed the logrotate configuration. Usage now 60%.',
      'Extended the volume by 50 GB; usage back below the threshold.',
    ],
  },
  high_cpu: {
    short: ['High CPU on {ci}', 'CPU at {pct}% on {ci}'],
    description: [
      'CPU usage on {ci} is above {pct}% since {time}; users of {service} report slowness.',
      'Monitoring shows sustained high CPU ({pct}%) on {ci} for the last {minutes} minutes.',
    ],
    resolution: [
      'A runaway report process was consuming the CPU; killed it and informed the report owner.',
      'Antivirus full scan running during business hours; rescheduled to the night.',
    ],
  },
  server_unresponsive: {
    short: ['Server {ci} not responding', '{ci} down, no ping'],
    description: [
      '{ci} stopped responding at {time}: no ping, no SSH/RDP. {service} is affected.',
      'Monitoring reports {ci} unreachable since {time}; the application on it is down.',
    ],
    resolution: [
      'Server hung after a kernel panic; restarted from the hypervisor console and services recovered.',
      'Host was frozen due to memory exhaustion; rebooted and memory increased.',
    ],
  },
  service_stopped: {
    short: ['Service {error} stopped on {ci}', '{error} service not running on {ci}'],
    description: [
      'The {error} service on {ci} stopped at {time} and does not start automatically.',
      'Users report errors; the {error} service on {ci} is stopped.',
    ],
    resolution: [
      'Started the service and set recovery options to restart on failure.',
      'Service failed because of an expired service account password; password updated and service started.',
    ],
  },
  db_slow: {
    short: ['Database {ci} very slow', 'Slow queries on {ci}'],
    description: [
      'The database {ci} is very slow since {time}; screens in {service} take more than {minutes} seconds to load.',
      'Long running queries on {ci}; batch jobs delayed and users complaining about slowness.',
    ],
    resolution: [
      'Stale statistics on the main tables; gathered statistics and the execution plan went back to normal.',
      'A missing index after the last release caused full table scans; index created.',
    ],
  },
  db_tablespace_full: {
    short: ['{error} on {ci}: tablespace full', 'Tablespace full in {ci} ({error})'],
    description: [
      'Application errors since {time}: {error} unable to extend segment in {ci}. Inserts are failing.',
      'Alert log of {ci} shows {error}; tablespace at {pct}%.',
    ],
    resolution: [
      'Added a datafile to the tablespace and enabled autoextend.',
      'Purged the staging tables and added space; monitoring threshold lowered.',
    ],
  },
  db_connection_refused: {
    short: ['Cannot connect to database {ci}', 'Database connection errors: {error}'],
    description: [
      'Since {time} the application cannot connect to {ci}: {error}.',
      'Connection attempts to {ci} fail with {error}; {service} down for users.',
    ],
    resolution: [
      'Listener had stopped after the server restart; started it and enabled auto-start.',
      'Connection pool leak in the application exhausted the connections; application restarted and max connections raised.',
    ],
  },
  db_replication_lag: {
    short: ['Replication lag on {ci}', 'Standby of {ci} behind by {minutes} minutes'],
    description: [
      'The standby database of {ci} is {minutes} minutes behind the primary since {time}.',
      'Replication lag alert for {ci}; reports on the standby show old data.',
    ],
    resolution: [
      'Network throughput to the DR site was saturated by a backup copy; rescheduled it and the standby caught up.',
      'Restarted the apply process on the standby; lag back to zero.',
    ],
  },
  db_backup_failed: {
    short: ['Backup failed for {ci}', 'Nightly backup of {ci} failed: {error}'],
    description: [
      'The nightly backup of {ci} failed at {time} with {error}.',
      'Backup job for {ci} ended with errors ({error}); no valid backup since yesterday.',
    ],
    resolution: [
      'Backup target was full; old backups expired per retention and the backup rerun successfully.',
      'Fixed the credentials used by the backup agent and reran the job.',
    ],
  },
  router_link_down: {
    short: ['WAN link down on {ci}', '{ci}: {error}'],
    description: [
      'At {time} {ci} reported {error}. Traffic moved to the backup path with high latency; several sites affected.',
      '{error} on {ci} since {time}; {service} slow for remote sites.',
    ],
    resolution: [
      'Carrier fixed a fibre cut; link restored and BGP session up.',
      'Replaced the faulty SFP; interface up.',
    ],
  },
  switch_port_errors: {
    short: ['Port errors on {ci}', '{error} on {ci}'],
    description: [
      'Monitoring shows {error} on an uplink of {ci} since {time}; intermittent packet loss for servers.',
      'Servers connected to {ci} have intermittent connectivity; {error} detected.',
    ],
    resolution: [
      'Replaced the patch cable and cleared counters; no more errors.',
      'Re-enabled the err-disabled port after fixing the loop.',
    ],
  },
  firewall_blocking: {
    short: ['Firewall blocking traffic to {ci}', 'Connection blocked by firewall'],
    description: [
      'Since {time} the interface between two applications is failing; firewall logs on {ci} show denied traffic.',
      'Users cannot reach an internal application; traffic denied on {ci}.',
    ],
    resolution: [
      'Rule had been removed in the clean-up; restored the rule.',
      'Added the missing rule after the application moved to a new subnet.',
    ],
  },
  lb_pool_down: {
    short: ['Load balancer pool down on {ci}', 'All pool members down on {ci}'],
    description: [
      'The virtual server on {ci} for {service} shows all pool members down since {time}; users get errors.',
      'Health monitor on {ci} marks the members of the pool as down.',
    ],
    resolution: [
      'Health check URL changed in the last release; monitor updated.',
      'Application servers were restarted; members back up.',
    ],
  },
  k8s_pods_crashloop: {
    short: ['Pods in {error} on {ci}', 'Portal pods restarting on {ci}'],
    description: [
      'Since {time} several pods on {ci} are in {error}; the portal is partially unavailable.',
      'Deployments on {ci} failing: pods in {error}.',
    ],
    resolution: [
      'Memory limit too low after the release; raised the limit and pods are stable.',
      'Image registry credentials expired; renewed the pull secret.',
    ],
  },
  printer_toner: {
    short: ['Printer on floor {floor} out of toner', 'Printer on floor {floor} not printing'],
    description: [
      'The shared printer on floor {floor} is out of toner and nobody can print since {time}. Reported by {user}.',
      'Printer on floor {floor} shows a paper jam and toner low; print jobs stuck.',
    ],
    resolution: ['Toner replaced and test page printed.', 'Cleared the paper jam and replaced the toner.'],
  },
  laptop_wont_boot: {
    short: ['Laptop does not start', 'Laptop stuck on BitLocker recovery screen'],
    description: [
      '{user} reports the laptop does not boot since this morning at {time}; only a black screen.',
      'Laptop of {user} asks for the BitLocker recovery key after the update.',
    ],
    resolution: [
      'Provided the recovery key; laptop started normally.',
      'Replaced the faulty disk and restored the user profile.',
    ],
  },
} satisfies Partial<Record<IncidentScenarioKey, IncidentText>>;
