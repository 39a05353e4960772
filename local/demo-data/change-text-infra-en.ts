import type { ChangeModelKey } from './change-model-catalog';
import type { ChangeText } from './template-types';

/** English change texts for infrastructure models, as the platform and network teams write them. */
export const INFRA_CHANGE_TEXT_EN = {
  linux_patching: {
    short: ['Monthly OS patching of {ci}', 'Apply {errata} errata to {ci} ({env})'],
    description: [
      'Apply the monthly RHEL errata ({errata}, kernel and openssl included) to {ci} in {env}. The server is part of {service}; the peer node {peer} keeps serving while {ci} reboots.',
      'Scheduled OS patching for {ci}: {errata} plus pending security updates. Reboot required. Expected downtime of the node about {duration} minutes; service stays up on {peer}.',
    ],
    justification: [
      'Keeps {ci} within the 30-day patch compliance target; the current kernel has known CVEs.',
      'Monthly patch cycle required by the security baseline.',
    ],
    implementation:
      '1. Confirm a recent backup and VM snapshot of {ci}.\n2. Drain {ci} from the load balancer / cluster.\n3. Run the patch playbook (dnf update --advisory {errata}).\n4. Reboot and confirm the new kernel is running.\n5. Put {ci} back in service and repeat on {peer} if scheduled.',
    backout:
      'Revert the VM snapshot taken in step 1 (or boot the previous kernel from GRUB), start the application services and return {ci} to the pool. Service is restored on {ci} in about 20 minutes; {peer} carries the load meanwhile.',
    test: 'Check uname -r shows the new kernel, all systemd units are active, the monitoring agent reports green, and the application health check on {ci} returns 200. The application team confirms a login on {service}.',
    risk: 'Low: a redundant node carries the service during the reboot. Impact limited to one node of {service} for about {duration} minutes.',
  },
  windows_patching: {
    short: ['Windows cumulative update {kb} on {ci}', 'Monthly Windows patching - {ci}'],
    description: [
      'Install the Microsoft cumulative update {kb} on {ci} ({env}) through SCCM, with the required reboot. {peer} remains available during the reboot.',
      'Patch Tuesday update for {ci}: {kb} and the .NET security rollup. Server restart needed, roughly {duration} minutes.',
    ],
    justification: ['Security updates required by the patch compliance policy (critical updates within 30 days).'],
    implementation:
      '1. Verify last night backup completed for {ci}.\n2. Put {ci} in maintenance mode in monitoring.\n3. Deploy {kb} from SCCM and reboot.\n4. Check Windows Update history and services.\n5. Remove maintenance mode.',
    backout:
      'Uninstall {kb} with wusa /uninstall and reboot; if the server does not boot, restore from the backup taken the previous night. Users keep working on {peer} until {ci} is back.',
    test: 'Confirm the update shows as installed, automatic services are running, event log has no new critical errors and the application on {ci} answers its health URL.',
    risk: 'Low: standard monthly update already applied to the test servers last week without issues.',
  },
  db_upgrade: {
    short: ['Upgrade {ci} from {fromVersion} to {version}', 'Database upgrade {ci} to {version}'],
    description: [
      'Upgrade the database {ci} ({env}) from {fromVersion} to {version}. The application {service} will be stopped during the upgrade window of {duration} minutes. Vendor support for {fromVersion} ends this year.',
      'In-place upgrade of {ci} to {version} including catalog upgrade and statistics refresh. Downtime for {service} during the window.',
    ],
    justification: [
      '{fromVersion} leaves vendor support and has open security findings; {version} is certified by the application vendor.',
      'Required to stay on a supported database release and to enable the partitioning features requested by the application team.',
    ],
    implementation:
      '1. Stop application services that use {ci}.\n2. Take a full backup of {ci} and verify it.\n3. Run the pre-upgrade checks and fix any blockers.\n4. Upgrade the binaries and run the upgrade scripts to {version}.\n5. Recompile invalid objects and gather statistics.\n6. Start the application and hand over for verification.',
    backout:
      'If the upgrade fails or verification does not pass by the deadline, restore the full backup taken in step 2 on the {fromVersion} binaries (kept installed in parallel), start the database and the application services. Estimated restore time 90 minutes; service is back on {fromVersion}.',
    test: 'DBA checks: version query shows {version}, no invalid objects, alert log clean. Application team runs the smoke test suite on {service} and confirms key transactions.',
    risk: 'Medium: full outage of {service} during the window; upgrade rehearsed in test with the same data volume.',
  },
  db_parameter: {
    short: ['Change {parameter} on {ci}', 'Tune {parameter} on {ci} to {value}'],
    description: [
      'Change the database parameter {parameter} on {ci} from {oldValue} to {value} following the capacity review. A restart of the instance is required.',
      'Set {parameter}={value} on {ci} ({env}) to stop the connection/memory exhaustion seen in the last weeks.',
    ],
    justification: ['Recurring incidents on {service} traced to the current {parameter} value.'],
    implementation:
      '1. Record the current value of {parameter}.\n2. Apply {parameter}={value} in the parameter file.\n3. Restart the instance in the window.\n4. Confirm the new value is active.',
    backout:
      'Set {parameter} back to {oldValue} and restart the instance; service returns to the previous behaviour within 10 minutes.',
    test: 'Show the parameter value, check the alert log and confirm the application connects and the overnight batch completes.',
    risk: 'Low: reversible parameter within vendor limits, tested in test.',
  },
  security_emergency: {
    short: ['EMERGENCY: patch {cve} on {ci}', 'Urgent remediation of {cve} - {ci}'],
    description: [
      'Security Operations reports active exploitation of {cve}. {ci} is exposed and must be patched or mitigated today. Vendor fix {version} applied, mitigation if the fix cannot be applied.',
      'Emergency change to remediate critical vulnerability {cve} on {ci} ({env}); CVSS 9.8, exploit code public.',
    ],
    justification: [
      '{cve} is actively exploited (CISA KEV). Waiting for the next CAB would leave {ci} exposed; the CISO requested remediation within 24 hours.',
    ],
    implementation:
      '1. Take a configuration backup / snapshot of {ci}.\n2. Apply vendor fix {version} (or the documented mitigation).\n3. Restart the affected service.\n4. Ask Security Operations to rescan {ci}.',
    backout:
      'Restore the snapshot or configuration backup from step 1 and restart the service; if the fix breaks the service, apply the vendor mitigation instead of the patch. Service restored in 15-30 minutes.',
    test: 'Vulnerability scan no longer reports {cve}; service health checks pass; users of {service} can log in.',
    risk: 'High: unplanned change on a production component; the risk of not patching is higher.',
  },
  firewall_rule: {
    short: ['Firewall rule for {ticket}: {source} to {dest} on {port}', 'Open TCP {port} from {source} to {dest}'],
    description: [
      'Add a rule on {ci} allowing {source} to reach {dest} on TCP {port}, as requested in {ticket} and approved by the application owner.',
      'New access rule on {ci} for {ticket}: {source} -> {dest} port {port}. Temporary rules from last quarter will be removed in the same change.',
    ],
    justification: ['Required for the new interface between {source} and {dest} (request {ticket}).'],
    implementation:
      '1. Export the running policy of {ci}.\n2. Add the rule {source} -> {dest} TCP {port} with logging enabled.\n3. Commit and push to the HA pair.\n4. Ask the requester to test the connection.',
    backout:
      'Delete the new rule and commit, or re-import the policy exported in step 1. Traffic returns to the previous policy immediately.',
    test: 'Requester confirms the connection works; traffic log shows allowed sessions on port {port}; no unexpected denies.',
    risk: 'Low: additive rule, no change to existing traffic.',
  },
  tls_renewal: {
    short: ['Renew TLS certificate {cert}', 'Certificate renewal {cert} on {ci}'],
    description: [
      'The certificate {cert} installed on {ci} expires in {count} days. Install the renewed certificate from the CA with the same subject and SANs.',
      'Replace the expiring certificate {cert} on {ci} ({env}).',
    ],
    justification: ['Expiry would break HTTPS for {service}.'],
    implementation:
      '1. Import the new certificate and key on {ci}.\n2. Update the SSL profile to use it.\n3. Check the chain and OCSP.',
    backout:
      'Switch the SSL profile back to the previous certificate, which stays installed until it expires. Immediate.',
    test: 'openssl s_client shows the new expiry date and a valid chain; browser check on the public URL.',
    risk: 'Low: no service interruption expected.',
  },
  k8s_upgrade: {
    short: ['Upgrade {ci} to Kubernetes {version}', 'Cluster upgrade {ci} {fromVersion} -> {version}'],
    description: [
      'Upgrade the cluster {ci} from {fromVersion} to {version}: control plane first, then worker nodes drained one by one. Workloads of {service} have PodDisruptionBudgets so they stay available.',
      'Minor upgrade of {ci} to {version} to stay within the supported window; deprecated APIs already removed from our manifests.',
    ],
    justification: ['{fromVersion} goes out of support next month; security fixes only ship for {version}.'],
    implementation:
      '1. Back up etcd and export cluster resources.\n2. Upgrade the control plane to {version}.\n3. Drain, upgrade and uncordon each worker node.\n4. Upgrade cluster add-ons (CNI, ingress).',
    backout:
      'Control plane cannot be downgraded in place: if the upgrade fails, restore etcd from the backup on the previous version nodes kept in the pool, and move workloads back. Estimated 2 hours.',
    test: 'All nodes Ready on {version}, all deployments at desired replicas, ingress and portal smoke tests green.',
    risk: 'Medium: rolling upgrade, brief pod restarts; tested first on k8s-tst-01.',
  },
  network_firmware: {
    short: ['Firmware upgrade {ci} to {version}', 'Upgrade {ci} from {fromVersion} to {version}'],
    description: [
      'Upgrade {ci} from {fromVersion} to {version} to fix the memory leak bug and the vendor security advisory. Traffic moves to {peer} during the reload.',
      'Network device firmware {version} on {ci}; reload of about {duration} minutes with the redundant peer {peer} carrying traffic.',
    ],
    justification: [
      'Vendor advisory rates {fromVersion} as affected by a high severity vulnerability and a crash bug we hit twice this year.',
    ],
    implementation:
      '1. Back up the running configuration of {ci}.\n2. Copy {version} image and verify its hash.\n3. Shift traffic to {peer}.\n4. Set boot variable and reload {ci}.\n5. Verify and shift traffic back.',
    backout:
      'Set the boot variable back to {fromVersion} (kept on flash) and reload; restore the configuration backup if needed. Traffic stays on {peer} until {ci} is healthy.',
    test: 'show version reports {version}; routing adjacencies and interfaces up; ping and traceroute tests to the data centers and substations succeed.',
    risk: 'Medium: redundant peer carries traffic; a failure of the peer during the window would cut connectivity.',
  },
  lb_pool: {
    short: ['Replace pool member in {pool} on {ci}', 'Disable {peer} in {pool} and add new member'],
    description: [
      'Update the F5 pool {pool} on {ci}: add the new node and disable {peer}, which is being retired. Health monitor unchanged.',
      'Pool member change on {ci} for {service}: drain {peer} from {pool} before its decommission.',
    ],
    justification: ['{peer} is being decommissioned; its replacement is already built and tested.'],
    implementation:
      '1. Save the UCS archive of {ci}.\n2. Add the new member to {pool} (disabled).\n3. Enable it and check the monitor is green.\n4. Set {peer} to forced offline once connections drain.',
    backout: 'Re-enable {peer} in {pool} and disable the new member; or load the UCS archive. Immediate, no downtime.',
    test: 'Pool shows all expected members up; the public URL of {service} responds; connection counts balanced.',
    risk: 'Low: connection draining avoids user impact.',
  },
  server_decommission: {
    short: ['Decommission {ci}', 'Retire server {ci} ({env})'],
    description: [
      'Decommission {ci}: its workload moved to the new platform last month. Shut down, remove from monitoring, backup, DNS and CMDB.',
      'Power off and retire {ci} after the 30-day quiet period without connections; remove it from monitoring, backup and DNS.',
    ],
    justification: ['Server is out of vendor support and no longer used; saves licences and hosting cost.'],
    implementation:
      '1. Take a final backup of {ci} and keep it for 90 days.\n2. Remove from monitoring and backup schedules.\n3. Shut down the VM and keep it powered off for 14 days.\n4. Delete DNS records and set the CI to retired.',
    backout:
      'During the 14-day hold, power the VM back on and re-add it to monitoring; after that, restore from the final backup.',
    test: 'No connection attempts logged during the hold period; monitoring shows no alerts for {ci}.',
    risk: 'Low: no active users; a forgotten dependency would show as failed connections in the hold period.',
  },
} satisfies Partial<Record<ChangeModelKey, ChangeText>>;
