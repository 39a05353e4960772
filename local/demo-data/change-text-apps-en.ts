import type { ChangeModelKey } from './change-model-catalog';
import type { ChangeText } from './template-types';

/** English change texts for application, OT and network-service models. */
export const APP_CHANGE_TEXT_EN = {
  app_release: {
    short: ['Release {version} of {ci}', 'Deploy {ci} {version}'],
    description: [
      'Deploy release {version} of {ci} ({env}) through the pipeline. Contains {count} fixes and the new reporting screens requested by the business.',
      'Application release {version} for {service}: bug fixes and performance improvements. Rolling deployment, no downtime expected.',
    ],
    justification: ['Fixes defects reported by the business and delivers features planned for this quarter.'],
    implementation:
      '1. Confirm the build passed all pipeline stages.\n2. Back up the application database schema.\n3. Deploy {version} with the pipeline (rolling).\n4. Run the smoke tests.',
    backout:
      'Redeploy the previous version {fromVersion} from the pipeline and restore the schema backup if migrations ran. About 30 minutes.',
    test: 'Automated smoke tests pass and a key user validates the main functions of {service}.',
    risk: 'Low: same release validated in test for two weeks.',
  },
  scada_release: {
    short: ['SCADA/EMS release {version} on {ci}', 'Install EMS hotfix {version} ({env})'],
    description: [
      'Install the vendor release {version} of the SCADA/EMS on {ci}. The standby server takes over during the installation so dispatchers keep monitoring and control of the grid. Fixes the alarm list freeze seen during storms.',
      'Deploy EMS {version} (from {fromVersion}) on {ci}: state estimator fixes and the new AGC displays. Failover to standby, install, fail back.',
    ],
    justification: [
      'Vendor fix for the alarm processing defect that froze the alarm list twice in the last storm; required before winter peak.',
    ],
    implementation:
      '1. Inform the grid control center shift supervisor and get go-ahead.\n2. Confirm the standby server is in sync.\n3. Fail over to standby.\n4. Install {version} on the primary and restart services.\n5. Fail back and install on the standby.',
    backout:
      'Fail over to the standby server still on {fromVersion}, uninstall {version} on the primary using the vendor rollback package and fail back. Dispatchers keep control on the standby throughout; full restore in 45 minutes.',
    test: 'Control room verifies alarms, telemetry updates from all substations, SCADA commands on a test point, and state estimator convergence.',
    risk: 'High: grid monitoring and control; mitigated by failover to standby and a dispatcher on site.',
  },
  sap_transport: {
    short: ['SAP transport {transport} to production', 'Import {transport} into IS-U production'],
    description: [
      'Import transport {transport} into SAP IS-U production: correction to the tariff calculation for time-of-use customers, signed off in QA.',
      'Move {transport} (billing correction and new invoice layout) to production after the billing batch.',
    ],
    justification: ['Tariff calculation error affects about {count} customer invoices per month; regulatory deadline.'],
    implementation:
      '1. Confirm QA sign-off and that no billing batch is running.\n2. Import {transport} with STMS.\n3. Check the import log (return code 0 or 4).\n4. Inform the billing team.',
    backout:
      'Import the reversal transport prepared in QA, which restores the previous objects; billing runs on the previous logic.',
    test: 'Billing key user simulates three time-of-use invoices in production and compares with QA results.',
    risk: 'Medium: billing calculation; tested in QA with production-like data.',
  },
  emergency_fix: {
    short: ['EMERGENCY fix to restore {service}', 'Emergency: restore {ci} after major incident'],
    description: [
      'Major incident on {service}: {ci} is failing since {start}. Apply the fix identified by the vendor (configuration change and service restart) to restore service.',
      'Emergency change to restore {ci}: revert the faulty configuration and restart the application cluster.',
    ],
    justification: ['{service} is down for all users; the incident manager requests the fix now to restore service.'],
    implementation:
      '1. Back up the current configuration of {ci}.\n2. Apply the vendor fix.\n3. Restart the application services.\n4. Monitor for 30 minutes.',
    backout:
      'Restore the configuration backed up in step 1 and restart; the service returns to its current (degraded) state.',
    test: 'Incident manager confirms users can work; error rate in monitoring back to normal.',
    risk: 'High: emergency change during an outage.',
  },
  ami_firmware: {
    short: ['Smart meter firmware {version} - wave {count}', 'Deploy meter firmware {version} via {ci}'],
    description: [
      'Deploy firmware {version} over the air to the next wave of smart meters through the head-end {ci}. Pilot of 500 meters completed without issues.',
      'Meter firmware {version} rollout, fixes the clock drift and the load profile gaps.',
    ],
    justification: ['Fixes the clock drift that produces estimated reads and billing complaints.'],
    implementation:
      '1. Create the deployment job in {ci} for the wave.\n2. Throttle to 2,000 meters per hour.\n3. Monitor success rate; stop if failures exceed 2%.',
    backout:
      'Meters keep the previous image in the second bank: send the activate-previous-image command to the wave; meters return to {fromVersion}.',
    test: 'Deployment report above 98% success; reads from upgraded meters arrive in MDM the next day.',
    risk: 'Medium: large population; pilot and throttling limit the impact.',
  },
  gis_model_update: {
    short: ['Publish GIS network model update', 'GIS model publication to OMS ({count} edits)'],
    description: [
      'Publish the weekly GIS network model update ({count} edits: new feeders and transformer replacements) from {ci} to OMS and the outage map.',
      'Scheduled publication of {count} network model edits from {ci} to OMS and the outage map.',
    ],
    justification: ['Keeps the outage model in OMS aligned with the field network.'],
    implementation:
      '1. Validate the edits with the topology checker.\n2. Export the model.\n3. Load in OMS and rebuild the connectivity.',
    backout: 'Reload the previous model export in OMS; edits are published the next week.',
    test: 'OMS shows the new feeders; trace from a sample transformer to the substation works.',
    risk: 'Low: routine weekly publication.',
  },
  exchange_update: {
    short: ['Exchange {version} on {ci}', 'Install Exchange cumulative update {version}'],
    description: [
      'Install Exchange {version} on the DAG members, one server at a time, moving active databases to the other member first.',
      'Exchange update {version}: security fixes; mailbox databases switched over during the installation.',
    ],
    justification: ['Security update required by Microsoft for the supported baseline.'],
    implementation:
      '1. Put the first server in maintenance mode and move active databases.\n2. Install {version}.\n3. Reboot and take it out of maintenance.\n4. Repeat on {peer}.',
    backout:
      'Uninstall is not supported for CUs: restore the server from backup or rebuild with /Mode:RecoverServer; mail keeps flowing on {peer}.',
    test: 'Test-ServiceHealth OK, database copies healthy, mail flow test internal and external.',
    risk: 'Medium: mail service stays up on the other DAG member.',
  },
  rtu_config: {
    short: ['RTU point list update at {site} substation', 'Change DNP3 settings on {ci}'],
    description: [
      'Update the point list of {ci} at {site} substation to add the new feeder breaker signals. Coordinated with the control center; a field crew will be on site.',
      'Change the DNP3 polling settings of {ci} to reduce unsolicited response storms.',
    ],
    justification: ['New feeder bay commissioned at {site}; its signals must reach SCADA.'],
    implementation:
      '1. Control center puts the substation in local control.\n2. Field crew uploads the new configuration to {ci}.\n3. Restart the RTU communications.\n4. Point-to-point test with the control room.',
    backout:
      'Field crew reloads the previous RTU configuration (kept on the laptop and in the repository); control center confirms telemetry returns.',
    test: 'Point-to-point test of each new signal with the control room; all existing points updating.',
    risk: 'High: telemetry from {site} is lost during the reload (about 10 minutes); substation manned during the change.',
  },
  dr_failover_test: {
    short: ['DR switchover test for {ci}', 'Disaster recovery test: switch {ci} to DC2'],
    description: [
      'Planned switchover of {ci} and its application to the DR site DC2 and back, to prove the recovery time objective of {service}.',
      'Annual DR test for {service}: database switchover to DC2, application start in DR, business checks, switch back.',
    ],
    justification: ['Annual DR test required by the business continuity policy and the auditors.'],
    implementation:
      '1. Check replication is in sync.\n2. Stop the application in DC1.\n3. Switch over {ci} to the standby in DC2.\n4. Start the application in DR and run checks.\n5. Switch back to DC1.',
    backout: 'Switch back to DC1 at any point; the primary stays intact while the standby is active.',
    test: 'Business users run the DR checklist in DR; times recorded against the RTO.',
    risk: 'Medium: planned downtime of {service} of about {duration} minutes, twice.',
  },
  vpn_config: {
    short: ['VPN configuration change on {ci}', 'Add contractor access group to VPN portal'],
    description: [
      'Add the access group for the new metering contractor to the VPN portal on {ci}, with split tunnelling limited to the MDM subnets.',
      'Update the VPN client profile on {ci} to the new gateway list.',
    ],
    justification: ['Contractor starts work next week under contract {ticket}.'],
    implementation: '1. Back up the configuration of {ci}.\n2. Add the group and access policy.\n3. Commit.',
    backout: 'Remove the group and policy, or restore the configuration backup; existing users are not affected.',
    test: 'Test account of the contractor connects and reaches only the MDM subnets.',
    risk: 'Low.',
  },
  emergency_network: {
    short: ['EMERGENCY: restore connectivity on {ci}', 'Emergency replacement of failed module in {ci}'],
    description: [
      '{ci} lost its uplinks at {start}; several services degraded. Replace the failed line card and restore the configuration.',
      'Emergency routing change on {ci} to bypass the failed link to {peer}.',
    ],
    justification: ['Network outage affecting {service}; major incident open.'],
    implementation:
      '1. Replace the module (spare on site).\n2. Restore configuration.\n3. Verify interfaces and routing.',
    backout: 'Re-route traffic through {peer} as during the incident.',
    test: 'Interfaces up, routing table complete, services reachable.',
    risk: 'High: emergency change.',
  },
} satisfies Partial<Record<ChangeModelKey, ChangeText>>;
