/** biome-ignore-all lint/suspicious/noExplicitAny: the tests read JSON replies field by field. */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { beginIncidentEnrichment } from '../../../lambdas/shared/db/incident-enrichments';
import type { IncidentAgentHandler } from '../../../lambdas/smart-solver/agents';
import { enrichIncident } from '../../../lambdas/smart-solver/enrich-incident';
import type { IncidentAgent } from '../../../lambdas/smart-solver/policy';
import { type EnrichmentRig, incidentDelivery, loadScenario, SCENARIO, startEnrichmentRig } from './rig';

/** Faults the tests switch on: an agent that throws, one that answers too late. */
const faults: { fail?: IncidentAgent; hang?: IncidentAgent } = {};

function withFaults(
  handlers: Record<IncidentAgent, IncidentAgentHandler>,
): Record<IncidentAgent, IncidentAgentHandler> {
  const wrapped = { ...handlers };
  for (const agent of Object.keys(handlers) as IncidentAgent[]) {
    wrapped[agent] = async (event) => {
      if (faults.fail === agent) throw new Error('database unavailable (injected)');
      if (faults.hang === agent) await new Promise((resolve) => setTimeout(resolve, 6_000));
      return handlers[agent](event);
    };
  }
  return wrapped;
}

const notesOf = (row: Record<string, unknown> | undefined) => String(row?.work_notes ?? '');

describe('incident enrichment through the local runtime (HTTP, Smart Solver, five agents, PGlite, emulator)', () => {
  let rig: EnrichmentRig;
  // The incidents under test are opened five minutes ago; the scenario is dated from then.
  const openedAt = new Date(Math.floor((Date.now() - 5 * 60_000) / 1000) * 1000);
  const slot = (i: number) => rig.slots[i] as { sysId: string; number: string };

  beforeAll(async () => {
    rig = await startEnrichmentRig({ incidentEnrichment: { wrap: withFaults, settings: { agentTimeoutMs: 3_000 } } });
    await loadScenario(rig.runtime, openedAt);
    await rig.runtime.incidentEnrichment?.warm();
  }, 180_000);
  afterAll(async () => {
    await rig?.stop();
  });

  it('tags a simple incident only (priority 5, no CI, no service) and records the other four as skipped with reasons', async () => {
    // arrange
    const record = incidentDelivery(slot(0), {
      shortDescription: 'Keyboard keys sticking on my laptop',
      description: 'Several keys do not respond after a coffee spill.',
      priority: 5,
      openedAt,
    });
    // act
    const { status, body } = await rig.post(record);
    // assert
    expect(status).toBe(200);
    expect(body.status).toBe('completed');
    expect(body.result.plan).toHaveLength(5);
    expect(body.result.plan.filter((p: any) => p.run).map((p: any) => p.agent)).toEqual(['tag-classifier']);
    for (const p of body.result.plan.filter((e: any) => !e.run)) expect(p.reason).not.toBe('');
    expect(body.result.agents['tag-classifier'].status).toBe('completed');
    expect(body.result.agents['tag-classifier'].output.assignmentGroup.value).toEqual(expect.any(String));
    expect(body.result.agents['change-associator']).toMatchObject({
      status: 'skipped',
      note: 'no CI: nothing to associate changes with',
    });
    expect(body.result.usage.savings.agentsSkipped).toHaveLength(4);
    expect(body.usage).toEqual(body.result.usage);
    const row = await rig.serviceNow.getRecord('incident', slot(0).sysId);
    expect(notesOf(row)).toContain('Switchyard Smart Solver');
    expect(notesOf(row)).toContain(
      'Not needed: incident-similarity, incident-associator, change-associator, context-retriever.',
    );
  }, 60_000);

  it('runs all five agents on a complex incident (priority 1, CI, service) and merges them into one enrichment', async () => {
    // arrange
    const record = incidentDelivery(slot(1), {
      shortDescription: 'Billing portal down: error 500 on payment for all customers',
      description: 'Customers cannot pay their bills online since this morning.',
      priority: 1,
      cmdbCi: SCENARIO.appCi,
      businessService: SCENARIO.service,
      openedAt,
    });
    // act
    const { status, body } = await rig.post(record);
    // assert
    expect(status).toBe(200);
    expect(body.status).toBe('completed');
    expect(body.result.plan.every((p: any) => p.run)).toBe(true);
    const agents = body.result.agents;
    for (const agent of Object.keys(agents)) expect(agents[agent].status, agent).toBe('completed');
    expect(agents['incident-associator'].output.sameEvent.map((s: any) => s.number).sort()).toEqual(
      SCENARIO.openIncidents,
    );
    expect(agents['incident-associator'].output.majorIncidentCandidate).toBe(true);
    expect(agents['context-retriever'].output.ci.name).toBe('billing-portal-app');
    expect(agents['context-retriever'].output.relatedCis.map((r: any) => r.name)).toEqual(['lnx-bill-01']);
    expect(agents['incident-similarity'].output.similar.length).toBeGreaterThan(0);
    expect(body.result.usage.perAgent['tag-classifier'].latencyMs).toEqual(expect.any(Number));
    expect(body.result.notes).toEqual([]);
    const row = await rig.serviceNow.getRecord('incident', slot(1).sysId);
    expect(notesOf(row)).toContain(
      `probably the same event: ${SCENARIO.openIncidents.join(', ')}`.replace(', INC', ', INC'),
    );
  }, 60_000);

  it('ranks first the change implemented on the incident’s CI an hour before it was opened', async () => {
    // arrange
    const record = incidentDelivery(slot(2), {
      shortDescription: 'Billing portal very slow since this morning',
      priority: 3,
      cmdbCi: SCENARIO.appCi,
      category: 'software',
      assignmentGroup: 'Billing Apps',
      openedAt,
    });
    // act
    const { body } = await rig.post(record);
    // assert
    expect(body.status).toBe('completed');
    expect(body.result.plan.find((p: any) => p.agent === 'tag-classifier')).toMatchObject({ run: false });
    const causes = body.result.agents['change-associator'].output.likelyCauses;
    expect(causes.map((c: any) => c.number)).toEqual([
      SCENARIO.recentChange,
      SCENARIO.relatedChange,
      SCENARIO.oldChange,
    ]);
    expect(causes[0]).toMatchObject({ relation: 'same_ci', hoursBeforeIncident: 1 });
    expect(causes[0].reasons).toContain('made on the incident’s configuration item');
    const row = await rig.serviceNow.getRecord('incident', slot(2).sysId);
    expect(notesOf(row)).toContain(`likely cause: ${SCENARIO.recentChange}`);
  }, 60_000);

  it('keeps the other agents’ results when one fails and one times out, and says so in the result and the work note', async () => {
    // arrange
    faults.fail = 'incident-similarity';
    faults.hang = 'context-retriever';
    const record = incidentDelivery(slot(3), {
      shortDescription: 'Billing portal login page not loading',
      priority: 2,
      cmdbCi: SCENARIO.appCi,
      openedAt,
    });
    // act
    const { body } = await rig.post(record).finally(() => {
      faults.fail = undefined;
      faults.hang = undefined;
    });
    // assert
    expect(body.status).toBe('completed');
    const agents = body.result.agents;
    expect(agents['incident-similarity']).toMatchObject({ status: 'failed', note: 'database unavailable (injected)' });
    expect(agents['context-retriever']).toMatchObject({ status: 'timed_out', note: 'no answer within 3000 ms' });
    expect(agents['change-associator'].status).toBe('completed');
    expect(agents['tag-classifier'].status).toBe('completed');
    expect(body.result.notes).toEqual([
      "incident-similarity failed: database unavailable (injected); the other agents' results stand",
      "context-retriever timed out: no answer within 3000 ms; the other agents' results stand",
    ]);
    const row = await rig.serviceNow.getRecord('incident', slot(3).sysId);
    expect(notesOf(row)).toContain(
      '- incident-similarity: failed (database unavailable (injected)); the other results stand',
    );
    expect(notesOf(row)).toContain(
      '- context-retriever: timed out (no answer within 3000 ms); the other results stand',
    );
  }, 60_000);

  it('writes the work note in Spanish for an incident written in Spanish', async () => {
    // arrange
    const record = incidentDelivery(slot(4), {
      shortDescription: 'No puedo imprimir en la impresora de la planta tercera',
      description: 'La impresora muestra un error de papel atascado y no imprime nada.',
      priority: 4,
      openedAt,
    });
    // act
    const { body } = await rig.post(record);
    // assert
    expect(body.result.incident.language).toBe('es');
    const row = await rig.serviceNow.getRecord('incident', slot(4).sysId);
    expect(notesOf(row)).toContain('No necesarios:');
    expect(notesOf(row)).toContain('grupo de asignación');
  }, 60_000);

  it('serves the stored enrichment on GET with the plan, each agent’s result and the usage', async () => {
    // arrange
    const record = incidentDelivery(slot(5), { shortDescription: 'VPN disconnects every hour', priority: 3, openedAt });
    const { body: posted } = await rig.post(record);
    // act
    const { status, body } = await rig.get(posted.id);
    // assert
    expect(status).toBe(200);
    expect(body).toMatchObject({ id: posted.id, status: 'completed', incidentNumber: slot(5).number });
    expect(body.result.plan.map((p: any) => p.agent)).toEqual([
      'tag-classifier',
      'incident-similarity',
      'incident-associator',
      'change-associator',
      'context-retriever',
    ]);
    expect(body.result.usage).toMatchObject({
      modelCalls: expect.any(Number),
      inputTokens: expect.any(Number),
      outputTokens: expect.any(Number),
      estimatedCostUsd: expect.any(Number),
      latencyMs: expect.any(Number),
    });
    expect(Object.keys(body.result.agents).sort()).toEqual([...body.result.plan.map((p: any) => p.agent)].sort());
  }, 60_000);

  it('stores every model call of an enrichment in the ledger (agent_runs, the day’s spend) with its outcome', async () => {
    // arrange
    const record = incidentDelivery(slot(7), {
      shortDescription: 'Billing portal slow: payments time out',
      priority: 2,
      cmdbCi: SCENARIO.appCi,
      businessService: SCENARIO.service,
      openedAt,
    });
    const spent = async () =>
      Number(
        (
          await rig.runtime.pool.query(
            `SELECT coalesce(sum(calls), 0) AS n FROM inference_spend WHERE scope = 'agent' AND name = 'incident-similarity'`,
          )
        ).rows[0].n,
      );
    const before = await spent();
    rig.runtime.incidentEnrichment?.setMode('all-agents');
    try {
      // act
      const { body } = await rig.post(record);
      // assert
      expect(body.status).toBe('completed');
      const { rows } = await rig.runtime.pool.query(
        'SELECT agent, count(*)::int AS n FROM agent_runs WHERE correlation_id = $1 GROUP BY agent',
        [body.correlationId],
      );
      const recorded = Object.fromEntries(rows.map((r) => [r.agent, r.n]));
      const reported = Object.fromEntries(
        Object.entries(body.result.usage.perAgent as Record<string, any>)
          .filter(([, u]) => u.modelCalls > 0)
          .map(([agent, u]) => [agent, u.modelCalls]),
      );
      expect(body.result.usage.modelCalls).toBeGreaterThan(0);
      expect(recorded).toEqual(reported);
      expect((await spent()) - before).toBe(reported['incident-similarity'] ?? 0);
    } finally {
      rig.runtime.incidentEnrichment?.setMode('solver');
    }
  }, 60_000);

  it('claims a job by its id alone (as the solver Lambda is invoked), stores the plan with the outcome, and does nothing when invoked again', async () => {
    // arrange
    const record = incidentDelivery(slot(6), { shortDescription: 'Printer on floor 3 jams', priority: 4, openedAt });
    const { enrichment } = await beginIncidentEnrichment(rig.runtime.pool, {
      incidentSysId: record.sys_id as string,
      incidentNumber: record.number as string,
      sysUpdatedOn: new Date(openedAt.getTime() + 60_000).toISOString(),
      correlationId: 'claim-test',
      request: record,
    });
    const handlers = rig.runtime.incidentEnrichment?.handlers as Record<IncidentAgent, IncidentAgentHandler>;
    const deps = {
      db: rig.runtime.pool,
      invoke: (agent: IncidentAgent, event: unknown) => handlers[agent](event),
      serviceNow: rig.serviceNow,
      settings: { modelConfigured: true },
    };
    const ticket = { enrichmentId: enrichment.id, correlationId: 'claim-test' };
    // act
    const first = await enrichIncident(deps, ticket);
    const again = await enrichIncident(deps, ticket);
    // assert
    expect(first?.status).toBe('completed');
    const stored = first as NonNullable<typeof first>;
    expect(stored.plan).toEqual((stored.result as any).plan);
    expect((stored.plan as any[]).map((p) => p.agent)).toHaveLength(5);
    expect(again).toBeNull();
    const row = await rig.serviceNow.getRecord('incident', slot(6).sysId);
    expect(notesOf(row).split('Switchyard Smart Solver').length - 1).toBe(1);
    await expect(enrichIncident(deps, { ...ticket, enrichmentId: randomUUID() })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  }, 60_000);
});
