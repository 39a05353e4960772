/** biome-ignore-all lint/suspicious/noExplicitAny: the tests read JSON replies field by field. */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectServiceNow } from '../../../etl/servicenow-connection';
import { upsertChangeRequests } from '../../../lambdas/shared/db/change-requests';
import { upsertCiRelationships } from '../../../lambdas/shared/db/ci-relationships';
import { upsertConfigurationItems } from '../../../lambdas/shared/db/configuration-items';
import { upsertIncidents } from '../../../lambdas/shared/db/incidents';
import { createEmbedder } from '../../../lambdas/shared/embeddings/embedder';
import type { Incident } from '../../../lambdas/shared/records';
import { staticCredentials } from '../../../lambdas/shared/servicenow';
import { loadOrCreateLocalKey, signLocalToken } from '../../../local/auth/local-key';
import { type LocalRuntime, type LocalRuntimeOptions, startLocalRuntime } from '../../../local/runtime';
import {
  makeChangeRequest,
  makeCiRelationship,
  makeConfigurationItem,
  makeIncident,
  sysId,
} from '../../fixtures/db/records';

/** The embedding the rig's runtime uses; the scenario records are embedded the same way. */
export const EMBEDDING = { provider: 'offline', modelId: 'hashing', dimension: 256 } as const;

/** A started local runtime with a token, a ServiceNow client on its emulator, and the demo incidents' ids. */
export interface EnrichmentRig {
  readonly runtime: LocalRuntime;
  readonly token: string;
  readonly serviceNow: ReturnType<typeof connectServiceNow>;
  /** Demo incidents in the emulator (sys_id, number) the scenarios borrow, so work notes have a record to land on. */
  readonly slots: { sysId: string; number: string }[];
  post(record: unknown, wait?: number): Promise<{ status: number; body: Record<string, any> }>;
  get(id: string): Promise<{ status: number; body: Record<string, any> }>;
  stop(): Promise<void>;
}

/** Starts the local runtime on a small demo dataset. */
export async function startEnrichmentRig(overrides: Partial<LocalRuntimeOptions> = {}): Promise<EnrichmentRig> {
  const keyFile = join(await mkdtemp(join(tmpdir(), 'switchyard-ie-')), 'key.json');
  const runtime = await startLocalRuntime({
    httpPort: 0,
    embedding: EMBEDDING,
    demoData: { incidents: 300, changeRequests: 60 },
    signingKeyFile: keyFile,
    ...overrides,
  });
  const token = await signLocalToken(await loadOrCreateLocalKey(keyFile));
  const serviceNow = connectServiceNow(
    runtime.serviceNowUrl,
    staticCredentials({ clientId: 'switchyard', clientSecret: 'switchyard-local' }),
  );
  const rows = (await serviceNow.queryTable('incident', { query: 'ORDERBYnumber', limit: 1000 })).rows;
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${runtime.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json()) as Record<string, any> };
  };
  return {
    runtime,
    token,
    serviceNow,
    slots: rows.map((r) => ({ sysId: String(r.sys_id), number: String(r.number) })),
    post: (record, wait = 10) => call('POST', `/v1/incident-enrichments?wait=${wait}`, record),
    get: (id) => call('GET', `/v1/incident-enrichments/${id}`),
    stop: () => runtime.stop(),
  };
}

/** ServiceNow's `yyyy-MM-dd HH:mm:ss` (UTC). */
export function snDate(instant: Date): string {
  return instant.toISOString().slice(0, 19).replace('T', ' ');
}

/**
 * A stored incident (Table API row) as a new delivery: open, not yet categorised,
 * assigned or resolved, opened at `openedAt`, with a later version (`updatedAt`,
 * `modCount`: both are part of the idempotency key, so each delivery is a new job).
 */
export function asNewDelivery(
  row: Record<string, unknown>,
  version: { readonly openedAt: Date; readonly updatedAt: Date; readonly modCount: number },
): Record<string, unknown> {
  return {
    ...row,
    state: '1',
    category: '',
    subcategory: '',
    assignment_group: '',
    assigned_to: '',
    close_code: '',
    close_notes: '',
    resolved_at: '',
    work_notes: '',
    opened_at: snDate(version.openedAt),
    sys_updated_on: snDate(version.updatedAt),
    sys_mod_count: String(version.modCount),
  };
}

/** An incident delivery (Table API shape) for a borrowed demo slot, opened `openedAt`. */
export function incidentDelivery(
  slot: { sysId: string; number: string },
  fields: {
    shortDescription: string;
    description?: string;
    priority: number;
    cmdbCi?: string | null;
    businessService?: string | null;
    category?: string | null;
    assignmentGroup?: string | null;
    openedAt: Date;
  },
): Record<string, string> {
  const impact = fields.priority <= 2 ? '1' : fields.priority === 3 ? '2' : '3';
  return {
    sys_id: slot.sysId,
    number: slot.number,
    short_description: fields.shortDescription,
    description: fields.description ?? '',
    priority: String(fields.priority),
    impact,
    urgency: impact,
    state: '1',
    category: fields.category ?? '',
    subcategory: '',
    assignment_group: fields.assignmentGroup ?? '',
    cmdb_ci: fields.cmdbCi ?? '',
    business_service: fields.businessService ?? '',
    opened_at: snDate(fields.openedAt),
    sys_updated_on: snDate(new Date(fields.openedAt.getTime() + 60_000)),
  };
}

/** The CMDB and history of the scenarios, built relative to `now`. */
export const SCENARIO = {
  appCi: sysId(0xa1001),
  hostCi: sysId(0xa1002),
  service: 'Billing Portal',
  /** The change implemented an hour before the incident, on its CI. */
  recentChange: 'CHG0091001',
  relatedChange: 'CHG0091002',
  oldChange: 'CHG0091003',
  openIncidents: ['INC0091001', 'INC0091002'],
};

/**
 * Loads the scenario records into the database, dated relative to `openedAt` (the
 * incident under test): the billing application CI running on a host, a change on the
 * application an hour before, one on the host three hours before, one a day and a half
 * before, and two open incidents on the same CI opened minutes before.
 */
export async function loadScenario(runtime: LocalRuntime, openedAt: Date): Promise<void> {
  const at = (hours: number) => new Date(openedAt.getTime() - hours * 3_600_000).toISOString();
  const db = runtime.pool;
  await upsertConfigurationItems(db, [
    {
      record: makeConfigurationItem({
        sysId: SCENARIO.appCi,
        name: 'billing-portal-app',
        className: 'cmdb_ci_appl',
        supportGroup: 'Billing Apps',
        sysUpdatedOn: at(500),
      }),
    },
    {
      record: makeConfigurationItem({
        sysId: SCENARIO.hostCi,
        name: 'lnx-bill-01',
        className: 'cmdb_ci_linux_server',
        supportGroup: 'Unix Ops',
        sysUpdatedOn: at(500),
      }),
    },
  ]);
  await upsertCiRelationships(db, [
    {
      record: makeCiRelationship({
        sysId: sysId(0xa7001),
        parent: SCENARIO.appCi,
        child: SCENARIO.hostCi,
        type: 'Runs on::Runs',
        sysUpdatedOn: at(500),
      }),
    },
  ]);
  const change = (n: number, number: string, ci: string, hours: number, text: string) => ({
    record: makeChangeRequest({
      sysId: sysId(0xa2000 + n),
      number,
      shortDescription: text,
      state: 'review',
      type: 'normal',
      risk: 'moderate',
      cmdbCi: ci,
      startDate: at(hours + 0.5),
      endDate: at(hours),
      sysUpdatedOn: at(hours - 0.1),
    }),
  });
  await upsertChangeRequests(db, [
    change(1, SCENARIO.recentChange, SCENARIO.appCi, 1, 'Deploy billing portal release 4.2'),
    change(2, SCENARIO.relatedChange, SCENARIO.hostCi, 3, 'Patch kernel on lnx-bill-01'),
    change(3, SCENARIO.oldChange, SCENARIO.appCi, 36, 'Rotate billing portal TLS certificate'),
  ]);
  const embedder = createEmbedder(EMBEDDING);
  const open = (n: number, minutes: number, text: string): { record: Incident } => ({
    record: makeIncident({
      sysId: sysId(0xa3000 + n),
      number: SCENARIO.openIncidents[n - 1] as string,
      shortDescription: text,
      description: 'Customers cannot pay their bills online.',
      priority: 2,
      state: 'in_progress',
      cmdbCi: SCENARIO.appCi,
      businessService: SCENARIO.service,
      openedAt: new Date(openedAt.getTime() - minutes * 60_000).toISOString(),
      sysUpdatedOn: new Date(openedAt.getTime() - minutes * 60_000 + 1000).toISOString(),
    }),
  });
  const incidents = [
    open(1, 20, 'Billing portal returns error 500 on payment'),
    open(2, 45, 'Billing portal payment page fails with error 500'),
  ];
  const vectors = await embedder.embed(incidents.map((i) => `${i.record.shortDescription}\n${i.record.description}`));
  await upsertIncidents(
    db,
    incidents.map((i, k) => ({ record: i.record, embedding: { vector: vectors[k] ?? [], textHash: `scenario-${k}` } })),
  );
}
