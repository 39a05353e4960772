import type { AssistantAnswer, AssistantResponder, AssistantTurn } from '../api/assistant/responder';
import type { Queryable } from '../shared/db/pool';
import type { Embedder } from '../shared/embeddings/embedder';
import type { Inference } from '../shared/inference/inference';
import { extractOffline } from '../shared/inference/offline-extract';
import type { ExtractOutput, SlotDefinition } from '../shared/inference/operations/extract';
import type { Language } from '../shared/records';
import { type CatalogueModel, type CatalogueSearch, loadActiveCatalogue, searchCatalogue } from './catalogue';
import { chooseAmongMentioned, familyBySimilarity } from './family-choice';
import { buildCatalogueLexicon, type CatalogueLexicon, SLOT_ORDER, type SlotName } from './lexicon';
import { candidateSlots, familiesMentioned, resolveMentions } from './mentions';
import { formSummary, replyLanguage, textAfterCorrection } from './message-text';
import {
  correctionNote,
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
import { refineWording } from './wording';

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
  /**
   * A model (Bedrock, an OpenAI-compatible endpoint) answers the alias
   * ({@link aliasServedByModel}): it is offered every catalogue value to extract, and it
   * rewords the explanation of a recommendation through `inference.summarise` (checked,
   * see wording.ts). Otherwise the offline gazetteer is offered only the values the
   * message can name (the same answer, without matching every name), and the wording is
   * the one built from the lexicon.
   * @default false
   */
  readonly modelServesAlias?: boolean;
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
    const offered = deps.modelServesAlias === true ? lexicon.slots : candidateSlots(text, lexicon.slots);
    const { output: extracted, offline } = await extractSlots(deps, turn, offered, text);
    const asked = SLOT_ORDER.find((n) => previous[n] === undefined);
    const found = resolveMentions(text, extracted, lexicon.slots, asked, offline);
    // The gazetteer keeps the first family named; when the message names several, the
    // catalogue and the similarity decide (a model reads the sentence itself).
    if (offline && found.technologyFamily !== undefined) {
      const familySlot = lexicon.slots.find((d) => d.name === 'technologyFamily') as SlotDefinition;
      const chosen = chooseAmongMentioned(
        familiesMentioned(text, familySlot),
        models,
        { ...previous, ...found },
        similarity,
      );
      if (chosen !== undefined) found.technologyFamily = chosen;
    }
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
    const explanation = `${recommendationIntro(
      slots as Record<string, string>,
      recommendations.map((r) => r.name),
      language,
    )} ${language === 'es' ? 'Motivos' : 'Why'}: ${top.reasons.join('; ')}.`;
    const worded =
      deps.modelServesAlias === true && deps.inference !== undefined
        ? await refineWording(
            {
              inference: deps.inference,
              alias: deps.alias ?? 'fast',
              agent: ASSISTANT_AGENT,
              requestId: turn.correlationId,
            },
            { offline: explanation, language, recommendations, models, environment: slots.environment },
          )
        : explanation;
    const reply = `${notes.join(' ')} ${worded}`;
    return { reply, language, slots, recommendations, asking: null, corrected };
  };
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

// The slots through the configured provider; `offline` when the gazetteer filled them.
async function extractSlots(
  deps: ChangeModelAssistantDependencies,
  turn: AssistantTurn,
  slots: readonly SlotDefinition[],
  text: string,
): Promise<{ output: ExtractOutput; offline: boolean }> {
  if (deps.inference !== undefined) {
    const result = await deps.inference.extract({
      agent: ASSISTANT_AGENT,
      requestId: turn.correlationId,
      alias: deps.alias ?? 'fast',
      text,
      slots,
    });
    if (result.ok) return { output: result.value, offline: result.provider === 'offline' };
  }
  return { output: extractOffline({ kind: 'extract', text, slots }), offline: true };
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
