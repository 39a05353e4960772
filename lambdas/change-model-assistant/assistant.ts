import type { AssistantAnswer, AssistantResponder, AssistantTurn } from '../api/assistant/responder';
import type { Queryable } from '../shared/db/pool';
import { detectLanguage } from '../shared/embeddings/detect-language';
import type { Embedder } from '../shared/embeddings/embedder';
import type { Inference } from '../shared/inference/inference';
import { extractOffline } from '../shared/inference/offline-extract';
import type { ExtractOutput, SlotDefinition } from '../shared/inference/operations/extract';
import type { Language } from '../shared/records';
import { type CatalogueModel, type CatalogueSearch, loadActiveCatalogue, searchCatalogue } from './catalogue';
import { buildCatalogueLexicon, type CatalogueLexicon, SLOT_ORDER, type SlotName } from './lexicon';
import {
  correctionNote,
  label,
  noModelNote,
  questionFor,
  recommendationIntro,
  understoodNote,
  whichModelQuestion,
} from './phrases';
import {
  type AssistantSlots,
  AssistantSlotsSchema,
  fullyMatching,
  type Recommendation,
  rankModels,
  type ScoredModel,
  toRecommendations,
} from './recommend';

/** The agent name in budgets and the audit trail. */
export const ASSISTANT_AGENT = 'change-model-assistant';

/** What the assistant runs on; created once at module scope by the caller. */
export interface ChangeModelAssistantDependencies {
  /** The database holding the change models and their embeddings. */
  readonly db: Queryable;
  /** The embedder the change models were embedded with. */
  readonly embedder: Embedder;
  /**
   * The ServiceNow instance the pre-filled links open (runtime config
   * serviceNowInstanceUrl); a function when it is known only once a server listens.
   */
  readonly instanceUrl: string | (() => string);
  /**
   * Extracts the slots through the configured provider (the audit trail and budgets
   * apply). Its failure (budget, guardrail, invalid output) falls back to the offline
   * gazetteer, so a turn always gets an answer.
   * @default the offline gazetteer only
   */
  readonly inference?: Inference;
  /** @default 'fast' */
  readonly alias?: string;
}

/** What one turn decided, before it is stored. */
export interface TurnOutcome {
  readonly reply: string;
  readonly language: Language;
  readonly slots: AssistantSlots;
  readonly recommendations: readonly Recommendation[];
  /** The slot asked for next, `changeModel` for a choice between models, or null when recommending. */
  readonly asking: SlotName | 'changeModel' | null;
  /** Slots this turn changed from an earlier value. */
  readonly corrected: readonly SlotName[];
}

// "actually it's production", "no, production", "en realidad es producción", "mejor dicho…"
const CORRECTION_MARKER =
  /\b(actually|sorry|i meant|i mean|rather|no,|not .{1,30}? but|en realidad|perd[oó]n|mejor dicho|quise decir|quiero decir|no es .{1,30}? sino)\s*/giu;

/** The assistant as the gateway's {@link AssistantResponder}. */
export function createChangeModelAssistant(deps: ChangeModelAssistantDependencies): AssistantResponder {
  const respond = createTurnHandler(deps);
  return async (turn: AssistantTurn): Promise<AssistantAnswer> => {
    const outcome = await respond(turn);
    return { content: outcome.reply.trim(), slots: { ...outcome.slots }, recommendations: outcome.recommendations };
  };
}

/** The turn logic with its full outcome (the responder keeps reply, slots and recommendations). */
export function createTurnHandler(
  deps: ChangeModelAssistantDependencies,
): (turn: AssistantTurn) => Promise<TurnOutcome> {
  // The parsed catalogue and its gazetteer, kept per process while the catalogue version
  // (read with the similarity search, no statement of its own) stays the same.
  let cached: { version: string; models: CatalogueModel[]; lexicon: CatalogueLexicon } | undefined;
  const catalogue = async (version: string) => {
    if (cached?.version !== version) {
      const models = await loadActiveCatalogue(deps.db);
      cached = { version, models, lexicon: buildCatalogueLexicon(models) };
    }
    return cached;
  };

  return async (turn) => {
    const userText = turn.history
      .filter((m) => m.role === 'user')
      .map((m) => m.content)
      .join('\n');
    const { similarity, version } = await similarityTo(deps, userText);
    const { models, lexicon } = await catalogue(version);
    const language = replyLanguage(turn.message.content, turn.session.language);
    const previous = readSlots(turn.session.slots);
    if (models.length === 0)
      return {
        reply: noModelNote(language),
        language,
        slots: previous,
        recommendations: [],
        asking: null,
        corrected: [],
      };

    // In a correction, what follows the marker is what counts ("test, actually production").
    const correctionText = textAfterCorrection(turn.message.content);
    const text = correctionText ?? turn.message.content;
    const extracted = await extractSlots(deps, turn, lexicon.slots, text);
    const asked = SLOT_ORDER.find((n) => previous[n] === undefined);
    const found = resolveOverlaps(text, extracted, lexicon.slots, asked);
    const corrected = SLOT_ORDER.filter(
      (n) => found[n] !== undefined && previous[n] !== undefined && previous[n] !== found[n],
    );
    let slots: AssistantSlots = { ...previous, ...found };
    // A correction of family or objective reopens the choice between models.
    if (corrected.some((n) => n !== 'environment')) slots = withoutKey(slots, 'changeModel');

    // No family named, but the description points clearly at one ("core routers").
    if (slots.technologyFamily === undefined && slots.objective !== undefined) {
      const family = familyBySimilarity(models, slots, similarity);
      if (family !== undefined) {
        slots = { ...slots, technologyFamily: family };
        found.technologyFamily = family;
      }
    }

    // A family whose models share one objective needs no question about it.
    const familyModels = models.filter((m) => m.technologyFamily === slots.technologyFamily);
    const familyObjectives = unique(familyModels.map((m) => m.objective));
    if (slots.objective === undefined && familyObjectives.length === 1)
      slots = { ...slots, objective: familyObjectives[0] as string };

    const notes: string[] = [];
    if (corrected.length > 0) notes.push(correctionNote(corrected, slots as Record<string, string>, language));
    else {
      const fresh = onlyNew(found, previous);
      const stillMissing = SLOT_ORDER.some((n) => slots[n] === undefined);
      if (Object.keys(fresh).length > 0 || (Object.keys(found).length === 0 && stillMissing))
        notes.push(understoodNote(fresh, language));
    }

    const missing = SLOT_ORDER.find((n) => slots[n] === undefined);
    if (missing !== undefined) {
      const options = optionsFor(missing, models, slots);
      const reply = `${notes.join(' ')} ${questionFor(missing, options, language)}`;
      return { reply, language, slots, recommendations: [], asking: missing, corrected };
    }

    const ranked = rankModels({ models, slots, similarity, userText, lexicon });
    if (ranked.length === 0)
      return { reply: noModelNote(language), language, slots, recommendations: [], asking: null, corrected };

    const fitting = fullyMatching(ranked, slots);
    const chosen = pickAmong(fitting, slots);
    if (chosen === undefined) {
      const names = fitting.map((s) => s.model.name);
      return {
        reply: `${notes.join(' ')} ${whichModelQuestion(names, language)}`,
        language,
        slots,
        recommendations: [],
        asking: 'changeModel',
        corrected,
      };
    }
    if (chosen !== null) slots = { ...slots, changeModel: chosen.model.sysId };
    const ordered = chosen === null ? ranked : [chosen, ...ranked.filter((s) => s !== chosen)];
    const recommendations = toRecommendations(ordered, {
      slots,
      language,
      instanceUrl: typeof deps.instanceUrl === 'string' ? deps.instanceUrl : deps.instanceUrl(),
      summary: formSummary(slots, userText, language),
    });
    const top = recommendations[0] as Recommendation;
    const explanation = `${language === 'es' ? 'Motivos' : 'Why'}: ${top.reasons.join('; ')}.`;
    const reply = `${notes.join(' ')} ${recommendationIntro(
      slots as Record<string, string>,
      recommendations.map((r) => r.name),
      language,
    )} ${explanation}`;
    return { reply, language, slots, recommendations, asking: null, corrected };
  };
}

/** How far the closest model must be, and ahead of the next family's, for the description alone to name a family. */
export const FAMILY_BY_SIMILARITY = { minimum: 0.25, lead: 0.08 } as const;

/**
 * The family of the model closest to the conversation (pgvector), among those with the
 * objective (and environment) collected, when it leads every other family clearly.
 */
function familyBySimilarity(
  models: readonly CatalogueModel[],
  slots: AssistantSlots,
  similarity: ReadonlyMap<string, number>,
): string | undefined {
  const best = new Map<string, number>();
  for (const model of models) {
    if (model.objective !== slots.objective) continue;
    if (slots.environment !== undefined && !(model.environments as readonly string[]).includes(slots.environment))
      continue;
    const score = similarity.get(model.sysId) ?? 0;
    best.set(model.technologyFamily, Math.max(best.get(model.technologyFamily) ?? -1, score));
  }
  const [first, second] = [...best].sort((a, b) => b[1] - a[1]);
  if (first === undefined || first[1] < FAMILY_BY_SIMILARITY.minimum) return undefined;
  return second === undefined || first[1] - second[1] >= FAMILY_BY_SIMILARITY.lead ? first[0] : undefined;
}

/**
 * One phrase names one slot: "dr test" is an objective, not also the test environment.
 * Slots are accepted in priority order (the one just asked for first); a fill whose
 * evidence overlaps an accepted one is looked for again, offline, in the message with
 * the accepted evidence blanked ("dr test in production" → production).
 */
function resolveOverlaps(
  text: string,
  extracted: ExtractOutput,
  definitions: readonly SlotDefinition[],
  asked: SlotName | undefined,
): Partial<Record<SlotName, string>> {
  const order = asked === undefined ? SLOT_ORDER : [asked, ...SLOT_ORDER.filter((n) => n !== asked)];
  const taken: (readonly [number, number])[] = [];
  const found: Partial<Record<SlotName, string>> = {};
  const spanOf = (evidence: string | null, within: string): readonly [number, number] | null => {
    if (evidence === null) return null;
    const at = within.indexOf(evidence);
    return at < 0 ? null : [at, at + evidence.length];
  };
  const overlaps = (span: readonly [number, number] | null) =>
    span !== null && taken.some(([from, to]) => span[0] < to && from < span[1]);
  for (const name of order) {
    let fill = extracted.slots[name];
    if (fill === undefined || fill.value === null) continue;
    if (overlaps(spanOf(fill.evidence, text))) {
      const blanked = taken.reduce((t, [from, to]) => t.slice(0, from) + ' '.repeat(to - from) + t.slice(to), text);
      const definition = definitions.filter((d) => d.name === name);
      fill = extractOffline({ kind: 'extract', text: blanked, slots: definition }).slots[name];
      if (fill === undefined || fill.value === null || overlaps(spanOf(fill.evidence, blanked))) continue;
    }
    found[name] = fill.value as string;
    const span = spanOf(fill.evidence, text);
    if (span !== null) taken.push(span);
  }
  return found;
}

/**
 * Among the models matching every slot: the one the user named (by the words that set
 * it apart, or picked earlier); null when none fits fully (the best partial matches are
 * recommended with reasons); undefined when several fit and nothing tells them apart.
 */
function pickAmong(fitting: readonly ScoredModel[], slots: AssistantSlots): ScoredModel | null | undefined {
  if (fitting.length === 0) return null;
  if (fitting.length === 1) return fitting[0];
  const picked = fitting.find((s) => s.model.sysId === slots.changeModel);
  if (picked !== undefined) return picked;
  const most = Math.max(...fitting.map((s) => s.nameTerms.length));
  const named = fitting.filter((s) => s.nameTerms.length === most);
  return most > 0 && named.length === 1 ? named[0] : undefined;
}

async function extractSlots(
  deps: ChangeModelAssistantDependencies,
  turn: AssistantTurn,
  slots: readonly SlotDefinition[],
  text: string,
): Promise<ExtractOutput> {
  if (deps.inference !== undefined) {
    const result = await deps.inference.extract({
      agent: ASSISTANT_AGENT,
      requestId: turn.correlationId,
      alias: deps.alias ?? 'fast',
      text,
      slots,
    });
    if (result.ok) return result.value;
  }
  return extractOffline({ kind: 'extract', text, slots });
}

/** pgvector's default `hnsw.ef_search`: the most rows one index scan yields unfiltered. */
const SIMILAR_MODELS = 40;

// One embedding of the conversation per turn; its neighbours and the catalogue version in one statement.
async function similarityTo(deps: ChangeModelAssistantDependencies, text: string): Promise<CatalogueSearch> {
  const [embedding] = await deps.embedder.embed([text]);
  return searchCatalogue(deps.db, embedding ?? [0], SIMILAR_MODELS);
}

function optionsFor(slot: SlotName, models: readonly CatalogueModel[], slots: AssistantSlots): string[] {
  const fits = models.filter(
    (m) =>
      (slots.technologyFamily === undefined || m.technologyFamily === slots.technologyFamily) &&
      (slots.objective === undefined || m.objective === slots.objective),
  );
  const pool = fits.length > 0 ? fits : models;
  if (slot === 'technologyFamily') return unique(pool.map((m) => m.technologyFamily)).sort();
  if (slot === 'objective') return unique(pool.map((m) => m.objective)).sort();
  return unique(pool.flatMap((m) => m.environments as readonly string[])).sort();
}

/** The reply language: the message's own when clear, else the session's. */
export function replyLanguage(text: string, sessionLanguage: Language): Language {
  const guess = detectLanguage(text);
  return guess.confidence >= 0.3 ? guess.language : sessionLanguage;
}

/** The text after the last correction marker, or null when the message corrects nothing. */
export function textAfterCorrection(text: string): string | null {
  let last = -1;
  for (const match of text.matchAll(CORRECTION_MARKER)) last = (match.index ?? 0) + match[0].length;
  if (last < 0) return null;
  const rest = text.slice(last).trim();
  return rest === '' ? null : rest;
}

function formSummary(slots: AssistantSlots, userText: string, language: Language): string {
  const head =
    language === 'es'
      ? `Solicitado con el asistente de modelos de cambio. Tecnología: ${label(slots.technologyFamily ?? '', language)}; objetivo: ${label(slots.objective ?? '', language)}; entorno: ${label(slots.environment ?? '', language)}.`
      : `Requested through the change model assistant. Technology: ${label(slots.technologyFamily ?? '', language)}; objective: ${label(slots.objective ?? '', language)}; environment: ${label(slots.environment ?? '', language)}.`;
  const said = userText.replace(/\s+/g, ' ').trim();
  return `${head} ${language === 'es' ? 'Petición' : 'Request'}: ${said.length > 800 ? `${said.slice(0, 800)}…` : said}`;
}

function readSlots(stored: Record<string, unknown>): AssistantSlots {
  const parsed = AssistantSlotsSchema.safeParse(stored);
  return parsed.success ? stripUndefined(parsed.data) : {};
}

function onlyNew(found: Partial<Record<SlotName, string>>, previous: AssistantSlots): Record<string, string> {
  const fresh: Record<string, string> = {};
  for (const [name, value] of Object.entries(found))
    if (previous[name as SlotName] !== value) fresh[name] = value as string;
  return fresh;
}

function withoutKey(slots: AssistantSlots, key: keyof AssistantSlots): AssistantSlots {
  const { [key]: _dropped, ...rest } = slots;
  return rest;
}

function stripUndefined(slots: AssistantSlots): AssistantSlots {
  return Object.fromEntries(Object.entries(slots).filter(([, v]) => v !== undefined)) as AssistantSlots;
}

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}
