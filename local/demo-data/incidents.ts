import { type Incident, IncidentSchema, type Language } from '../../lambdas/shared/records';
import type { GeneratedChange } from './changes';
import type { CmdbEntry } from './cmdb';
import { incidentLifecycle } from './incident-lifecycle';
import { INCIDENT_SCENARIOS, type IncidentScenario, type IncidentScenarioKey } from './incident-scenarios';
import { APP_INCIDENT_TEXT_EN } from './incident-text-apps-en';
import { APP_INCIDENT_TEXT_ES } from './incident-text-apps-es';
import { INFRA_INCIDENT_TEXT_EN } from './incident-text-infra-en';
import { INFRA_INCIDENT_TEXT_ES } from './incident-text-infra-es';
import { PEOPLE, SHARED_INFRASTRUCTURE_LABEL } from './people';
import { deriveSysId, fillTemplate, type Rng } from './prng';
import type { IncidentText } from './template-types';
import { clockTime, HOUR_MS, MINUTE_MS, toIso } from './time';

const INCIDENT_TEXT: Record<Language, Record<IncidentScenarioKey, IncidentText>> = {
  en: { ...APP_INCIDENT_TEXT_EN, ...INFRA_INCIDENT_TEXT_EN },
  es: { ...APP_INCIDENT_TEXT_ES, ...INFRA_INCIDENT_TEXT_ES },
};

// How an incident caused by a change says so: with the change number, or without it.
const CAUSED_BY = {
  en: {
    named: 'It started right after change {change} was implemented on {ci}.',
    unnamed: 'It started after the maintenance on {ci}.',
    resolution: 'Root cause: change {change} on {ci}. The change was backed out and service recovered at {time}.',
  },
  es: {
    named: 'Empezó justo después de implantar el cambio {change} en {ci}.',
    unnamed: 'Empezó tras el mantenimiento en {ci}.',
    resolution:
      'Causa raíz: el cambio {change} aplicado en {ci}. Se ejecutó la marcha atrás y el servicio se recuperó a las {time}.',
  },
} as const;

const REPORTED_BY = { en: 'Reported by {user} at {time}.', es: 'Lo reporta {user} a las {time}.' } as const;

/** What the incident generator works from. */
export interface IncidentGenerationInput {
  readonly seed: number;
  readonly rng: Rng;
  readonly nowMs: number;
  readonly count: number;
  readonly entries: readonly CmdbEntry[];
  readonly changes: readonly GeneratedChange[];
  /** Share of incidents written in Spanish. */
  readonly spanishShare: number;
  /** How far back incidents go. */
  readonly historyDays: number;
}

interface Planned {
  readonly key: string;
  readonly scenario: IncidentScenario;
  readonly entry: CmdbEntry | null;
  readonly openedMs: number;
  readonly forceOpen?: boolean;
  readonly cause?: GeneratedChange;
}

/**
 * Incidents over the last `historyDays`: a steady stream across the CMDB, clusters of
 * open incidents about one event (same CI, within an hour), and incidents caused by a
 * change implemented shortly before on the same CI.
 */
export function generateIncidents(input: IncidentGenerationInput): Incident[] {
  const { rng, nowMs, count } = input;
  const candidates = new Map<string, CmdbEntry[]>(
    INCIDENT_SCENARIOS.map((scenario) => [scenario.key, fittingEntries(scenario, input.entries)]),
  );
  const causableOn = (entry: CmdbEntry): IncidentScenario[] =>
    INCIDENT_SCENARIOS.filter(
      (scenario: IncidentScenario) =>
        scenario.changeCanCause !== false && candidates.get(scenario.key)?.includes(entry) === true,
    );
  const plans: Planned[] = [];

  // Caused by a change: the change ended, then the same CI broke.
  const causedTarget = count >= 20 ? Math.round(count * 0.05) : 0;
  const causes = rng
    .shuffle(input.changes)
    .filter((change) => ['closed', 'review'].includes(change.record.state) && causableOn(change.entry).length > 0)
    .filter(
      (change) =>
        change.record.cmdbCi === change.entry.ci.sysId && Date.parse(change.record.endDate ?? '') < nowMs - HOUR_MS,
    )
    .slice(0, causedTarget);
  for (const cause of causes) {
    const endMs = Date.parse(cause.record.endDate ?? '');
    const openedMs = Math.min(nowMs - 10 * MINUTE_MS, endMs + rng.int(20, 720) * MINUTE_MS);
    plans.push({
      key: `caused-${plans.length}`,
      scenario: rng.pick(causableOn(cause.entry)),
      entry: cause.entry,
      openedMs,
      cause,
    });
  }

  // Clusters: several people report the same event within the hour.
  const clusterTarget = count >= 20 ? Math.max(1, Math.round(count / 60)) : 0;
  const clusterScenarios = INCIDENT_SCENARIOS.filter((scenario) => scenario.ciKinds.length > 0 && scenario.impact <= 2);
  for (let cluster = 0; cluster < clusterTarget && plans.length < count; cluster += 1) {
    const scenario = rng.pick(clusterScenarios);
    const entry = rng.pick(production(candidates.get(scenario.key) ?? []));
    const eventMs = nowMs - rng.int(1, 24) * HOUR_MS;
    const size = Math.min(rng.int(3, 6), count - plans.length);
    for (let member = 0; member < size; member += 1) {
      const openedMs = eventMs + rng.int(0, 55) * MINUTE_MS;
      plans.push({ key: `cluster-${cluster}-${member}`, scenario, entry, openedMs, forceOpen: true });
    }
  }

  // The steady stream.
  const weighted = INCIDENT_SCENARIOS.map(
    (scenario) => [scenario, 'weight' in scenario ? scenario.weight : 1] as const,
  );
  for (let index = 0; plans.length < count; index += 1) {
    const scenario: IncidentScenario = rng.weighted(weighted);
    const fits = candidates.get(scenario.key) ?? [];
    if (scenario.ciKinds.length > 0 && fits.length === 0) continue;
    const entry = fits.length === 0 ? null : rng.chance(0.85) ? rng.pick(production(fits)) : rng.pick(fits);
    const openedMs = nowMs - rng.int(10, input.historyDays * 24 * 60) * MINUTE_MS;
    plans.push({ key: `stream-${index}`, scenario, entry, openedMs });
  }

  const changeNumbers = new Map(input.changes.map((change) => [change, change.record.number]));
  const seen = new Set<string>();
  const built = plans.map((plan) => ({ plan, fields: buildIncident(input, plan, changeNumbers, seen) }));
  built.sort((a, b) => a.plan.openedMs - b.plan.openedMs || a.plan.key.localeCompare(b.plan.key));
  return built.map(({ fields }, position) =>
    IncidentSchema.parse({ ...fields, number: `INC${String(10001 + position).padStart(7, '0')}` }),
  );
}

function buildIncident(
  input: IncidentGenerationInput,
  plan: Planned,
  changeNumbers: ReadonlyMap<GeneratedChange, string>,
  seen: Set<string>,
): Omit<Incident, 'number'> {
  const { rng, nowMs } = input;
  const { scenario, entry } = plan;
  const language: Language = rng.chance(input.spanishShare) ? 'es' : 'en';
  const impact = jitter(rng, scenario.impact);
  const urgency = jitter(rng, scenario.urgency);
  const priority = Math.min(5, impact + urgency - 1);
  const life = incidentLifecycle(rng, plan.openedMs, priority, nowMs, plan.forceOpen === true);
  const text = INCIDENT_TEXT[language][scenario.key as IncidentScenarioKey];
  const change = plan.cause === undefined ? undefined : changeNumbers.get(plan.cause);

  // Templates repeat; reroll the slots until this ticket reads differently from the others.
  let short = '';
  let description = '';
  let slots: Record<string, string> = {};
  for (let attempt = 0; attempt < 12; attempt += 1) {
    slots = incidentSlots(rng, scenario, entry, language, plan.openedMs, change);
    short = fillTemplate(rng.pick(text.short), slots);
    description = fillTemplate(rng.pick(text.description), slots);
    // Past a few tries, who reported it and when tells it apart.
    if (attempt >= 3) description = `${description} ${fillTemplate(REPORTED_BY[language], slots)}`;
    if (change !== undefined) {
      const sentence = rng.chance(0.6) ? CAUSED_BY[language].named : CAUSED_BY[language].unnamed;
      description = `${description} ${fillTemplate(sentence, slots)}`;
    }
    if (!seen.has(`${short}\n${description}`)) break;
  }
  seen.add(`${short}\n${description}`);

  const resolved = life.resolvedMs !== null;
  const resolutionSlots = resolved ? { ...slots, time: clockTime(life.resolvedMs as number) } : slots;
  const closeNotes = !resolved
    ? null
    : change !== undefined
      ? fillTemplate(CAUSED_BY[language].resolution, resolutionSlots)
      : fillTemplate(rng.pick(text.resolution), resolutionSlots);
  return {
    sysId: deriveSysId(input.seed, 'incident', plan.key),
    shortDescription: short,
    description,
    category: scenario.category,
    subcategory: scenario.subcategory,
    priority,
    impact,
    urgency,
    state: life.state,
    assignmentGroup: scenario.group ?? entry?.ci.supportGroup ?? 'Service Desk',
    assignedTo: life.state === 'new' ? null : rng.pick(PEOPLE[rng.chance(input.spanishShare) ? 'es' : 'en']),
    cmdbCi: entry?.ci.sysId ?? null,
    businessService: entry?.service ?? null,
    openedAt: toIso(plan.openedMs),
    resolvedAt: life.resolvedMs === null ? null : toIso(life.resolvedMs),
    closeCode: change !== undefined && resolved ? 'Solved (Permanently)' : life.closeCode,
    closeNotes,
    language,
    sysUpdatedOn: toIso(Math.min(nowMs, life.updatedMs)),
  };
}

function incidentSlots(
  rng: Rng,
  scenario: IncidentScenario,
  entry: CmdbEntry | null,
  language: Language,
  openedMs: number,
  change: string | undefined,
): Record<string, string> {
  return {
    ci: entry?.ci.name ?? '',
    service: entry?.service ?? SHARED_INFRASTRUCTURE_LABEL[language],
    time: clockTime(openedMs - rng.int(0, 50) * MINUTE_MS),
    user: rng.pick(PEOPLE[language]),
    count: String(rng.pick([rng.int(3, 40), rng.int(41, 900), rng.int(901, 4800)])),
    error: scenario.errors === undefined ? '' : rng.pick(scenario.errors),
    site: (entry?.ci.location ?? '').replace(/^Substation /, ''),
    pct: String(scenario.key === 'mdm_estimation_spike' ? rng.int(8, 31) : rng.int(88, 99)),
    minutes: String(rng.int(5, 45)),
    floor: String(rng.int(1, 9)),
    change: change ?? '',
  };
}

function fittingEntries(scenario: IncidentScenario, entries: readonly CmdbEntry[]): CmdbEntry[] {
  return entries.filter(
    (entry) =>
      scenario.ciKinds.includes(entry.kind) &&
      (scenario.systems === undefined || (entry.system !== null && scenario.systems.includes(entry.system))),
  );
}

// Most tickets are about production; test systems get some too.
function production(entries: readonly CmdbEntry[]): readonly CmdbEntry[] {
  const live = entries.filter((entry) => entry.ci.environment === 'production');
  return live.length > 0 ? live : entries;
}

function jitter(rng: Rng, base: number): number {
  const roll = rng.next();
  const value = roll < 0.15 ? base - 1 : roll > 0.85 ? base + 1 : base;
  return Math.min(3, Math.max(1, value));
}
