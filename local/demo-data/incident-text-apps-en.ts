import type { IncidentScenarioKey } from './incident-scenarios';
import type { IncidentText } from './template-types';

/** English incident texts for application, OT, access and security scenarios. */
export const APP_INCIDENT_TEXT_EN = {
  rtu_comms_loss: {
    short: ['RTU at {site} substation not reporting to SCADA', 'Lost communication with {ci} ({error})'],
    description: [
      'Control room reports that all telemetry from {site} substation is stale since {time}. SCADA shows {error} for {ci}. Breaker positions and analog values frozen; dispatcher cannot send controls.',
      'Since {time} the SCADA shows {ci} in comm fail ({error}). {count} points of {site} substation not updating. Reported by {user} from the control room.',
    ],
    resolution: [
      'Field telecoms restarted the RTU communications card at {site}; DNP3 polling restored and all points updating. Root cause: failed 4G router at the substation, replaced.',
      'OT WAN link to {site} flapped; carrier fixed the circuit. Telemetry back at {time}, confirmed by the control room.',
    ],
  },
  scada_alarm_flood: {
    short: ['SCADA alarm list frozen during storm', 'Alarm flood on {ci}, alarm list not refreshing'],
    description: [
      'During the storm the SCADA alarm list stopped refreshing at {time}. More than {count} alarms queued; dispatchers cannot acknowledge. Grid operations impacted.',
      'Dispatchers report the alarm summary on {ci} is frozen since {time} with {count} unacknowledged alarms. Need urgent help, storm in progress.',
    ],
    resolution: [
      'Restarted the alarm processing service on the standby server and failed over; alarm list recovered. Vendor case opened for the alarm processor defect.',
      'Alarm processing queue cleared after failover to standby. Permanent fix planned with the next EMS release.',
    ],
  },
  scada_hmi_slow: {
    short: ['SCADA HMI displays very slow to open', 'Slow one-line diagrams on {ci}'],
    description: [
      'Opening one-line diagrams in the SCADA HMI takes more than {minutes} seconds since {time}. Several consoles in the control room affected, reported by {user}.',
      'Operators report the HMI on {ci} is sluggish; display call-up takes {minutes} seconds instead of 2.',
    ],
    resolution: [
      'Historian query load was blocking the display server; moved the report jobs off peak and restarted the HMI server process. Response time normal.',
      'Display cache rebuilt on the HMI servers; call-up times back to normal.',
    ],
  },
  oms_outage_not_created: {
    short: ['OMS not creating outage tickets from customer calls', 'Trouble calls stuck in {ci} - {error}'],
    description: [
      'Customer calls are registered in the call center but no outage incidents appear in OMS since {time}. About {count} calls pending. Log shows {error}.',
      'Outage predictions are not generated in {ci}: trouble calls are not grouped into outages since {time}. Storm restoration is affected.',
    ],
    resolution: [
      'Trouble call processor restarted and the {count} queued calls were reprocessed; outages created correctly.',
      'Fixed a corrupt device record in the network model that made the prediction engine fail; reprocessed the queue.',
    ],
  },
  oms_crew_sync: {
    short: ['Field crews not receiving work orders', 'Mobile workforce sync failing with {ci}'],
    description: [
      'Field crews report that new work orders do not reach their tablets since {time}. Dispatch sees them assigned in OMS. {count} crews affected.',
      'Sync between OMS and the mobile app fails for crew devices; last successful sync at {time}.',
    ],
    resolution: [
      'Integration service certificate had been renewed without the intermediate CA; chain fixed and sync restored for all crews.',
      'Restarted the mobile integration broker; pending work orders delivered.',
    ],
  },
  sap_billing_stuck: {
    short: ['Billing run stuck in SAP IS-U', 'Mass billing job not finishing - {error}'],
    description: [
      'The nightly mass billing run started at {time} has not finished; {count} contracts still pending. Error: {error}. Invoices must go out today.',
      'Billing job in {ci} running for hours, SM37 shows {error}. Finance asks for status.',
    ],
    resolution: [
      'Cancelled the job, removed the lock entries and restarted billing in parallel mode; completed at {time}.',
      'Increased the lock table size and restarted the job; all contracts billed.',
    ],
  },
  sap_short_dump: {
    short: ['Short dump {error} in SAP IS-U', 'ABAP dump when posting payments in {ci}'],
    description: [
      'Users get a short dump {error} when posting incoming payments since {time}. Reported by {user}; about {count} users affected.',
      'ST22 shows {error} repeatedly in {ci} for the payment lot transaction.',
    ],
    resolution: [
      'Applied SAP note for {error}; transaction works again.',
      'Corrected the bad master data record that caused the dump; users confirmed.',
    ],
  },
  mdm_reads_missing: {
    short: ['Missing interval reads in MDM', '{count} meters without reads in {ci}'],
    description: [
      'MDM shows no interval data for {count} meters for yesterday. The head-end delivered the files at {time} but they were not loaded.',
      'Meter reads for the last cycle are missing in {ci}; billing determinants cannot be calculated.',
    ],
    resolution: [
      'Import job had failed on a malformed file; file corrected and reloaded. Reads now complete.',
      'Loaded the pending files manually and fixed the file watcher; all reads present.',
    ],
  },
  mdm_estimation_spike: {
    short: ['Too many estimated reads in MDM', 'VEE estimating {pct}% of reads'],
    description: [
      'Validation (VEE) is estimating about {pct}% of reads since the last run at {time}; normally below 2%. Billing complaints expected.',
      'Estimation rate in {ci} jumped to {pct}% after the last load.',
    ],
    resolution: [
      'Clock drift on a meter batch made reads fail the time check; rule tolerance adjusted and reads revalidated.',
      'Reprocessed VEE after the missing register reads arrived; estimation back to normal.',
    ],
  },
  ami_meters_unreachable: {
    short: ['{count} smart meters not communicating', 'AMI head-end: meters unreachable ({error})'],
    description: [
      'Head-end {ci} reports {count} meters unreachable since {time}, all behind the same collector ({error}).',
      'On-demand reads fail for a whole area; {ci} shows {error}.',
    ],
    resolution: [
      'Collector power supply replaced by the field crew; meters reconnected to the mesh.',
      'Cellular backhaul restored by the carrier; meters back online.',
    ],
  },
  gis_layer_not_loading: {
    short: ['GIS feeder layer not loading', 'Network map service error in {ci}'],
    description: [
      'The feeder layer does not load in the GIS web map since {time}; users get {error}.',
      'Engineers cannot open the network map in {ci}: {error}.',
    ],
    resolution: [
      'Restarted the map service and cleared the tile cache.',
      'Map service was stopped after the server restart; set it to start automatically.',
    ],
  },
  portal_login_errors: {
    short: ['Customers cannot log in to the portal ({error})', 'Customer portal login failing'],
    description: [
      'Customers report they cannot log in to the self-service portal since {time}; login returns {error}. About {count} failed logins in the last hour.',
      'Login on the customer portal fails with {error}; call center receiving complaints.',
    ],
    resolution: [
      'Identity provider signing key rotated without updating the portal; configuration updated and login restored.',
      'Portal pods restarted after the session store filled up; logins working.',
    ],
  },
  portal_payment_failures: {
    short: ['Online payments failing on the customer portal', 'Payment checkout error ({error})'],
    description: [
      'Customers cannot pay their bills online since {time}: checkout ends with {error}. {count} failed payments so far.',
      'Payment gateway calls from {ci} are failing with {error}.',
    ],
    resolution: [
      'Payment provider had an outage; payments recovered at {time}. No action on our side.',
      'Outbound proxy rule for the payment provider was missing after the firewall change; rule restored.',
    ],
  },
  email_delivery_delay: {
    short: ['Emails delayed', 'Outbound email stuck in queue ({error})'],
    description: [
      'Users report emails take more than {minutes} minutes to arrive since {time}. Transport queue shows {error}.',
      'External mail not being delivered; queues on {ci} growing.',
    ],
    resolution: [
      'Smart host was refusing connections; restarted transport service and queues drained.',
      'Anti-spam gateway license expired; renewed and mail flow restored.',
    ],
  },
  mailbox_full: {
    short: ['Mailbox full, cannot send emails', 'Outlook says mailbox is over quota'],
    description: [
      '{user} cannot send emails: Outlook says the mailbox is full. Needs it urgently for a customer reply.',
      'Mailbox of {user} over quota since {time}; sending blocked.',
    ],
    resolution: [
      'Enabled the online archive and moved old items; user can send again.',
      'Quota increased temporarily and user guided to clean up large attachments.',
    ],
  },
  password_expired_vpn: {
    short: ['Cannot log in to VPN, password expired', 'VPN login fails after password expiry'],
    description: [
      '{user} cannot connect to the VPN from home since {time}; the client says the password has expired and there is no option to change it remotely.',
      'User {user} locked out of VPN because the password expired while on leave.',
    ],
    resolution: [
      'Password reset by the service desk after identity check; user connected.',
      'Guided the user through self-service password reset; VPN login works.',
    ],
  },
  vpn_disconnects: {
    short: ['VPN disconnects every few minutes', 'Remote users dropped from VPN'],
    description: [
      'Since {time} several remote users are disconnected from the VPN every {minutes} minutes, reported by {user}.',
      'VPN sessions on {ci} drop repeatedly; users have to reconnect.',
    ],
    resolution: [
      'Gateway ran out of IP addresses in the pool; pool extended.',
      'Client version incompatible with the new gateway; pushed the updated client.',
    ],
  },
  account_locked: {
    short: ['Account locked out', 'User cannot log in, AD account locked'],
    description: [
      '{user} is locked out of the network account since {time}; keeps locking again after unlock.',
      'Account of {user} locked, probably an old password saved on the phone.',
    ],
    resolution: [
      'Found the old password cached on the mobile mail profile; removed and account unlocked.',
      'Account unlocked and password reset; user logged in.',
    ],
  },
  certificate_expired: {
    short: ['Certificate expired on {ci}', 'Browser shows certificate error for {ci}'],
    description: [
      'Since {time} users get a certificate warning when opening {ci}; the TLS certificate expired.',
      'Connections to {ci} fail because the certificate has expired; integrations rejecting the connection.',
    ],
    resolution: [
      'Installed the renewed certificate and updated the SSL profile.',
      'Emergency certificate issued and installed; renewal reminder added to the certificate inventory.',
    ],
  },
} satisfies Partial<Record<IncidentScenarioKey, IncidentText>>;
