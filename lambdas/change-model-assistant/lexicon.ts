import { extractConcepts } from '../shared/embeddings/bilingual-lexicon';
import { isStopword, tokenize } from '../shared/embeddings/text-normalization';
import type { SlotDefinition, SlotValue } from '../shared/inference/operations/extract';
import { ENVIRONMENTS } from '../shared/records';
import type { CatalogueModel } from './catalogue';
import { label } from './phrases';

/**
 * The gazetteer the assistant extracts slots with, built from the catalogue itself: the
 * technology families and objectives are the values the active models use; a family's
 * names are its own value plus the words of its models' names and descriptions that no
 * other family uses ("firewall", "rtu", "oracle"). Spanish comes from the shared
 * bilingual lexicon (a name's concept matches "cortafuegos", "base de datos") and from
 * the short phrase lists below for the closed sets the catalogue names only in English.
 */

/** Slot names, in the order the assistant asks for them. */
export const SLOT_ORDER = ['technologyFamily', 'objective', 'environment'] as const;
export type SlotName = (typeof SLOT_ORDER)[number];

/** Phrases for objectives the catalogue uses, both languages; objectives not listed still match by their own name. */
const OBJECTIVE_PHRASES: Readonly<Record<string, readonly string[]>> = {
  patch: [
    'patch',
    'patching',
    'patches',
    'errata',
    'remediate',
    'remediation',
    'parche',
    'parches',
    'parchear',
    'parcheo',
    'remediar',
  ],
  upgrade: [
    'upgrade',
    'update',
    'version upgrade',
    'new version',
    'firmware',
    'actualizar',
    'actualización',
    'subir de versión',
    'subida de versión',
    'nueva versión',
  ],
  configuration: [
    'configuration',
    'config',
    'reconfigure',
    'parameter',
    'setting',
    'rule',
    'configuración',
    'configurar',
    'parámetro',
    'regla',
    'ajuste',
  ],
  release: [
    'release',
    'deploy',
    'deployment',
    'transport',
    'rollout',
    'despliegue',
    'desplegar',
    'transporte',
    'liberar',
    'entrega',
  ],
  certificate_renewal: [
    'certificate renewal',
    'renew',
    'renewal',
    'renovar',
    'renovación',
    'renovación de certificado',
  ],
  fix: [
    'fix',
    'restore service',
    'restoration',
    'repair',
    'broken',
    'corregir',
    'arreglar',
    'reparar',
    'restaurar',
    'restablecer',
    'restablecimiento',
  ],
  decommission: [
    'decommission',
    'retire',
    'dismantle',
    'switch off',
    'dar de baja',
    'baja',
    'retirar',
    'desmantelar',
    'desmantelamiento',
    'apagar',
  ],
  data_update: [
    'data update',
    'model update',
    'update data',
    'data load',
    'actualización de datos',
    'actualizar datos',
    'carga de datos',
    'actualización del modelo',
  ],
  dr_test: [
    'dr test',
    'failover test',
    'failover',
    'switchover',
    'disaster recovery test',
    'prueba de dr',
    'prueba de recuperación',
    'conmutación',
    'simulacro',
  ],
};

/** Phrases for the deployment environments (ServiceNow's u_environment choices), both languages. */
const ENVIRONMENT_PHRASES: Readonly<Record<string, readonly string[]>> = {
  production: ['production', 'prod', 'prd', 'live', 'producción', 'productivo', 'entorno productivo'],
  staging: ['staging', 'pre-production', 'preproduction', 'preprod', 'preproducción'],
  test: ['test', 'testing', 'qa', 'uat', 'pruebas', 'entorno de pruebas', 'calidad'],
  development: ['development', 'dev', 'desarrollo'],
  disaster_recovery: [
    'disaster recovery',
    'dr site',
    'dr',
    'recuperación ante desastres',
    'contingencia',
    'sitio de contingencia',
    'cpd de respaldo',
  ],
};

/** Words too common in change talk to name a family or a model. */
const GENERIC_WORDS = new Set(
  [
    'change',
    'changes',
    'model',
    'standard',
    'normal',
    'emergency',
    'software',
    'data',
    'member',
    'monthly',
    'version',
    'device',
    'including',
    'within',
    'applied',
    'window',
    'maintenance',
    'approved',
    'pre',
    'one',
    'time',
    'new',
    'owner',
    'agreed',
    'limits',
    'documented',
    'reversible',
    'application',
    'service',
    'services',
    'plan',
    'production',
    'test',
    'validation',
    'after',
    'before',
    'back',
    'site',
    'vendor',
    // English filler of the descriptions
    ...'without following over use longer final continue raised affected actively rated names public group groups list point addition changing adjusting enabling disabling replacing carrying prove objective sign outside field center head end waves pilot population air edits worker manager business verification smoke refresh health virtual profiles alter policy'.split(
      ' ',
    ),
  ].map((w) => w),
);

/** The slots to extract, as the inference layer's `extract` takes them. */
export interface CatalogueLexicon {
  readonly slots: readonly SlotDefinition[];
  /** Per model sys_id, the words of its name that no other model's name has. */
  readonly modelTerms: ReadonlyMap<string, readonly string[]>;
}

/** Builds the gazetteer from the active models. */
export function buildCatalogueLexicon(models: readonly CatalogueModel[]): CatalogueLexicon {
  const families = unique(models.map((m) => m.technologyFamily));
  const objectives = unique(models.map((m) => m.objective));
  const phraseWords = new Set(
    [...Object.values(OBJECTIVE_PHRASES), ...Object.values(ENVIRONMENT_PHRASES)].flat().flatMap((p) => tokenize(p)),
  );
  // A word whose lexicon concept names an objective or environment ("restore", "upgraded")
  // would fill the family from what is really another slot.
  const slotConcepts = new Set([...phraseWords].flatMap((w) => conceptsOf(w)));
  const usable = (word: string) =>
    word.length >= 3 &&
    !isStopword(word) &&
    !GENERIC_WORDS.has(word) &&
    !phraseWords.has(word) &&
    !/^\d/.test(word) &&
    !conceptsOf(word).some((c) => slotConcepts.has(c));
  const nameWords = new Set(models.flatMap((m) => tokenize(m.name)));
  // Names are curated; descriptions are prose, so only their jargon (no lexicon concept:
  // "rhel", "oracle", "wsus") names a family.
  const naming = (word: string) => nameWords.has(word) || conceptsOf(word).length === 0;

  // Words of each family's names and descriptions; a word in two families names neither.
  const familiesOfWord = new Map<string, Set<string>>();
  for (const model of models) {
    for (const word of tokenize(`${model.name} ${model.description}`)) {
      if (!usable(word)) continue;
      const set = familiesOfWord.get(word) ?? new Set<string>();
      set.add(model.technologyFamily);
      familiesOfWord.set(word, set);
    }
  }
  const familyValues: SlotValue[] = families.map((family) => ({
    value: family,
    synonyms: [
      ...humanise(family),
      ...spanishName(family),
      ...[...familiesOfWord]
        .filter(([word, owners]) => owners.size === 1 && owners.has(family) && naming(word))
        .map(([word]) => word),
    ],
  }));

  const objectiveValues: SlotValue[] = objectives.map((objective) => ({
    value: objective,
    synonyms: [...humanise(objective), ...spanishName(objective), ...(OBJECTIVE_PHRASES[objective] ?? [])],
  }));
  const environmentValues: SlotValue[] = ENVIRONMENTS.map((environment) => ({
    value: environment,
    synonyms: [...humanise(environment), ...(ENVIRONMENT_PHRASES[environment] ?? [])],
  }));

  return {
    slots: [
      { name: 'technologyFamily', description: 'the technology the change touches', values: familyValues },
      { name: 'objective', description: 'what the change sets out to do', values: objectiveValues },
      { name: 'environment', description: 'where the change is deployed', values: environmentValues },
    ],
    modelTerms: distinctiveNameTerms(models, usable),
  };
}

function distinctiveNameTerms(
  models: readonly CatalogueModel[],
  usable: (word: string) => boolean,
): Map<string, readonly string[]> {
  const counts = new Map<string, number>();
  const wordsOf = new Map<string, string[]>();
  for (const model of models) {
    const words = unique(tokenize(model.name).filter(usable));
    wordsOf.set(model.sysId, words);
    for (const word of words) counts.set(word, (counts.get(word) ?? 0) + 1);
  }
  return new Map(models.map((m) => [m.sysId, (wordsOf.get(m.sysId) ?? []).filter((w) => counts.get(w) === 1)]));
}

// The Spanish name the assistant shows for a value ("infraestructura", "red").
function spanishName(value: string): string[] {
  const name = label(value, 'es');
  return name === value.replace(/_/g, ' ') ? [] : [name];
}

function conceptsOf(word: string): string[] {
  return [...extractConcepts([word], 'en'), ...extractConcepts([word], 'es')];
}

// "certificate_renewal" is also said "certificate renewal".
function humanise(value: string): string[] {
  return value.includes('_') ? [value.replace(/_/g, ' ')] : [];
}

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}
