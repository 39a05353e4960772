import type { Language } from '../shared/records';
import type { SlotName } from './lexicon';

/**
 * What the assistant says, in English and Spanish. One question at a time; values are
 * the catalogue's own (technology families, objectives) shown in words.
 */

const QUESTIONS: Readonly<Record<SlotName, Readonly<Record<Language, (options: string) => string>>>> = {
  technologyFamily: {
    en: (o) => `Which technology does the change touch? For example: ${o}.`,
    es: (o) => `¿Sobre qué tecnología es el cambio? Por ejemplo: ${o}.`,
  },
  objective: {
    en: (o) => `What does the change set out to do? For example: ${o}.`,
    es: (o) => `¿Qué objetivo tiene el cambio? Por ejemplo: ${o}.`,
  },
  environment: {
    en: (o) => `In which environment will it be deployed: ${o}?`,
    es: (o) => `¿En qué entorno se desplegará: ${o}?`,
  },
};

/** The question that asks for `slot`, listing the options the catalogue still allows. */
export function questionFor(slot: SlotName, options: readonly string[], language: Language): string {
  return QUESTIONS[slot][language](
    listOf(
      options.map((o) => label(o, language)),
      language,
    ),
  );
}

/** The question that picks one of several models matching every slot. */
export function whichModelQuestion(names: readonly string[], language: Language): string {
  return language === 'es'
    ? `Varios modelos encajan. ¿Cuál describe mejor el cambio: ${listOf(names, language)}?`
    : `Several models fit. Which one describes the change best: ${listOf(names, language)}?`;
}

/** Acknowledges a correction of slots already collected. */
export function correctionNote(
  changed: readonly SlotName[],
  values: Readonly<Record<string, string>>,
  language: Language,
): string {
  const parts = changed.map((slot) => `${SLOT_LABEL[slot][language]}: ${label(values[slot] ?? '', language)}`);
  return language === 'es'
    ? `Entendido, corrijo ${parts.join(', ')}.`
    : `Understood, I have corrected ${parts.join(', ')}.`;
}

/** Acknowledges what a message told the assistant. */
export function understoodNote(filled: Readonly<Record<string, string>>, language: Language): string {
  const parts = Object.entries(filled).map(
    ([slot, value]) => `${SLOT_LABEL[slot as SlotName][language]} ${label(value, language)}`,
  );
  if (parts.length === 0) return language === 'es' ? 'No he entendido ese dato.' : 'I did not catch that.';
  return language === 'es' ? `Anotado: ${parts.join(', ')}.` : `Noted: ${parts.join(', ')}.`;
}

/** Introduces the recommendations. */
export function recommendationIntro(
  slots: Readonly<Record<string, string>>,
  names: readonly string[],
  language: Language,
): string {
  const what = `${label(slots.objective ?? '', language)} · ${label(slots.technologyFamily ?? '', language)} · ${label(slots.environment ?? '', language)}`;
  return language === 'es'
    ? `Para ${what} recomiendo «${names[0]}».${names.length > 1 ? ` Alternativas: ${names.slice(1).join('; ')}.` : ''} Cada recomendación abre un cambio nuevo en ServiceNow ya rellenado.`
    : `For ${what} I recommend "${names[0]}".${names.length > 1 ? ` Alternatives: ${names.slice(1).join('; ')}.` : ''} Each recommendation opens a new change request in ServiceNow, already filled in.`;
}

/** Said when no active model fits at all. */
export function noModelNote(language: Language): string {
  return language === 'es'
    ? 'No encuentro ningún modelo de cambio activo que encaje. Describe el cambio de otra forma, por favor.'
    : 'I cannot find an active change model that fits. Please describe the change another way.';
}

const SLOT_LABEL: Readonly<Record<SlotName, Readonly<Record<Language, string>>>> = {
  technologyFamily: { en: 'technology', es: 'tecnología' },
  objective: { en: 'objective', es: 'objetivo' },
  environment: { en: 'environment', es: 'entorno' },
};

/** Spanish words for the catalogue's values; anything else is shown with spaces for underscores. */
const SPANISH_LABEL: Readonly<Record<string, string>> = {
  production: 'producción',
  staging: 'preproducción',
  test: 'pruebas',
  development: 'desarrollo',
  disaster_recovery: 'recuperación ante desastres',
  patch: 'parcheo',
  upgrade: 'actualización de versión',
  configuration: 'configuración',
  release: 'despliegue',
  certificate_renewal: 'renovación de certificado',
  fix: 'corrección urgente',
  decommission: 'baja',
  data_update: 'actualización de datos',
  dr_test: 'prueba de recuperación',
  database: 'base de datos',
  network: 'red',
  security: 'seguridad',
  application: 'aplicación',
  infrastructure: 'infraestructura',
  metering: 'telemedida',
  email: 'correo',
};

/** A catalogue value in words of `language`. */
export function label(value: string, language: Language): string {
  return language === 'es' ? (SPANISH_LABEL[value] ?? value.replace(/_/g, ' ')) : value.replace(/_/g, ' ');
}

function listOf(items: readonly string[], language: Language): string {
  if (items.length <= 1) return items.join('');
  const last = items[items.length - 1];
  return `${items.slice(0, -1).join(', ')} ${language === 'es' ? 'o' : 'or'} ${last}`;
}
