import { detectLanguage } from '../shared/embeddings/detect-language';
import type { Inference } from '../shared/inference/inference';
import type { InferenceSettings } from '../shared/inference/settings';
import { logger } from '../shared/observability';
import type { Language } from '../shared/records';
import type { CatalogueModel } from './catalogue';
import type { Recommendation } from './recommend';

/**
 * Where a model is configured, the explanation of a recommendation is reworded by it
 * (`summarise`); the offline wording, built from the lexicon, is what it rewords and what
 * stays whenever the model fails or its text does not pass the checks below. The model
 * never chooses: the recommendations, their ids and links are decided before and kept.
 */

/** The longest reworded explanation, in characters. */
export const REFINED_MAX_CHARS = 600;
/** The most sentences in a reworded explanation. */
export const REFINED_MAX_SENTENCES = 4;

const CHANGE_TYPES = ['standard', 'normal', 'emergency'] as const;
// Environment words in both languages, by environment; the reply may name only the collected one.
const ENVIRONMENT_WORDS: Readonly<Record<string, RegExp>> = {
  production: /\b(production|producci[oó]n|prod)\b/iu,
  staging: /\b(staging|pre-?production|preproducci[oó]n)\b/iu,
  test: /\b(test|testing|pruebas)\b/iu,
  development: /\b(development|desarrollo)\b/iu,
  disaster_recovery: /\b(disaster recovery|recuperaci[oó]n ante desastres)\b/iu,
};

/** True when `alias` is answered by a model (Bedrock or an OpenAI-compatible endpoint), not the offline provider. */
export function aliasServedByModel(settings: InferenceSettings, alias: string): boolean {
  const provider = settings.aliases[alias]?.provider;
  return provider !== undefined && provider !== 'offline';
}

/** What the checks compare a reworded explanation with. */
export interface WordingFacts {
  /** The offline explanation the model rewords: every number it may use comes from here. */
  readonly offline: string;
  readonly language: Language;
  readonly recommendations: readonly Recommendation[];
  /** The active catalogue: names of models not recommended must not appear. */
  readonly models: readonly CatalogueModel[];
  /** The environment collected. */
  readonly environment: string | undefined;
}

/**
 * Why a reworded explanation cannot replace the offline one, or null when it can: it
 * must name the first recommendation, name no other model of the catalogue than those
 * recommended, carry no link and no id but the recommended ones, name no change type
 * nor environment the offline explanation does not, invent no number, and be in the
 * conversation's language.
 */
export function checkRefinedWording(text: string, facts: WordingFacts): string | null {
  const lower = text.toLowerCase();
  const top = facts.recommendations[0];
  if (text.trim() === '') return 'it is empty';
  if (text.length > REFINED_MAX_CHARS) return `it is longer than ${REFINED_MAX_CHARS} characters`;
  if (top !== undefined && !lower.includes(bareName(top.name))) return `it does not name "${top.name}"`;
  const recommended = new Set(facts.recommendations.map((r) => r.sysId));
  const other = facts.models.find(
    (m) =>
      !recommended.has(m.sysId) &&
      lower.includes(bareName(m.name)) &&
      // A name may be part of a recommended name that contains it.
      !facts.recommendations.some((r) => r.name.toLowerCase().includes(bareName(m.name))),
  );
  if (other !== undefined) return `it names "${other.name}", which is not recommended`;
  if (/\bhttps?:\/\/|\bwww\.|\.do\b|sysparm_/iu.test(text)) return 'it carries a link';
  const ids = text.match(/\b[0-9a-f]{32}\b/giu) ?? [];
  const strange = ids.find((id) => !recommended.has(id.toLowerCase()));
  if (strange !== undefined) return `it carries the id ${strange}, which is not recommended`;
  // A change type or environment the explanation does not name is one the model made up.
  const said = (pattern: RegExp) => pattern.test(stripNames(text, facts)) && !pattern.test(facts.offline);
  const type = CHANGE_TYPES.find((t) => said(new RegExp(`\\b${t}\\b`, 'iu')));
  if (type !== undefined) return `it calls a change "${type}", which the explanation does not`;
  const environment = Object.keys(ENVIRONMENT_WORDS).find(
    (e) => e !== facts.environment && said(ENVIRONMENT_WORDS[e] as RegExp),
  );
  if (environment !== undefined) return `it names the environment ${environment}, which the explanation does not`;
  const known = new Set(facts.offline.match(NUMBER) ?? []);
  const invented = (text.match(NUMBER) ?? []).find((n) => !known.has(n));
  if (invented !== undefined) return `it has the number ${invented}, which the explanation does not`;
  const guess = detectLanguage(text);
  if (guess.confidence >= 0.3 && guess.language !== facts.language)
    return `it is in ${guess.language}, the conversation in ${facts.language}`;
  return null;
}

const NUMBER = /\d+(?:[.,]\d+)?/gu;

// A model's name without its change type ("Normal - Database version upgrade" is also
// said "Database version upgrade"), lower case.
function bareName(name: string): string {
  return name.replace(/^(standard|normal|emergency)\s*-\s*/iu, '').toLowerCase();
}

// Model names may hold words the checks look for ("Standard - Database parameter change").
function stripNames(text: string, facts: WordingFacts): string {
  let rest = text;
  for (const r of facts.recommendations) rest = rest.split(r.name).join(' ');
  for (const r of facts.recommendations) rest = rest.replace(new RegExp(escapeRegExp(bareName(r.name)), 'giu'), ' ');
  return rest;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');
}

/** What rewording needs: the layer and alias, and the agent and request it is accounted to. */
export interface RefineContext {
  readonly inference: Inference;
  readonly alias: string;
  readonly agent: string;
  readonly requestId: string;
}

/**
 * The explanation reworded through `summarise` when it passes {@link checkRefinedWording};
 * otherwise (a typed failure, or a check that fails) the offline explanation.
 */
export async function refineWording(context: RefineContext, facts: WordingFacts): Promise<string> {
  const result = await context.inference.summarise({
    agent: context.agent,
    requestId: context.requestId,
    alias: context.alias,
    text: facts.offline,
    maxSentences: REFINED_MAX_SENTENCES,
    maxChars: REFINED_MAX_CHARS,
  });
  if (!result.ok) {
    logger.info('assistant wording kept offline', { reason: result.reason, requestId: context.requestId });
    return facts.offline;
  }
  const problem = checkRefinedWording(result.value.summary, facts);
  if (problem !== null) {
    logger.info('assistant wording kept offline', { reason: problem, requestId: context.requestId });
    return facts.offline;
  }
  return result.value.summary.trim();
}
