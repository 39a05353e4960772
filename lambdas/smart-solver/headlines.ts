import type { ChangeAssociatorOutput } from '../change-associator';
import type { ContextRetrieverOutput } from '../context-retriever';
import type { IncidentAssociatorOutput } from '../incident-associator';
import type { IncidentSimilarityOutput } from '../incident-similarity';
import type { Language } from '../shared/records';
import type { TagClassifierOutput } from '../tag-classifier';
import type { IncidentAgent } from './policy';
import type { AgentOutcome } from './run-agents';

const WORDS = {
  en: {
    category: 'category',
    group: 'assignment group',
    noTags: 'no tag from history',
    similar: 'similar',
    noSimilar: 'no similar resolved incident',
    fixed: 'fixed by',
    sameEvent: 'probably the same event',
    major: 'propose a parent / major incident',
    noEvent: 'no open incident looks like the same event',
    cause: 'likely cause',
    before: 'h before',
    noCause: 'no recent change on the CI or related CIs',
    ci: 'CI',
    support: 'support group',
    related: 'related CIs',
    recent: 'incidents in 30 days',
    unknownCi: 'CI not in the CMDB copy',
  },
  es: {
    category: 'categoría',
    group: 'grupo de asignación',
    noTags: 'sin etiquetas del histórico',
    similar: 'similares',
    noSimilar: 'ningún incidente resuelto similar',
    fixed: 'resuelto con',
    sameEvent: 'probablemente el mismo evento',
    major: 'proponer un incidente padre / mayor',
    noEvent: 'ningún incidente abierto parece el mismo evento',
    cause: 'causa probable',
    before: 'h antes',
    noCause: 'ningún cambio reciente en el CI ni en CIs relacionados',
    ci: 'CI',
    support: 'grupo de soporte',
    related: 'CIs relacionados',
    recent: 'incidentes en 30 días',
    unknownCi: 'CI no está en la copia de la CMDB',
  },
} as const;

const clip = (text: string, max = 120) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** One line per completed agent for the work note, in the incident's language. */
export function headlinesOf(
  outcomes: readonly AgentOutcome[],
  language: Language,
): Partial<Record<IncidentAgent, string>> {
  const w = WORDS[language];
  const lines: Partial<Record<IncidentAgent, string>> = {};
  for (const o of outcomes) {
    if (o.status !== 'completed') continue;
    switch (o.agent) {
      case 'tag-classifier': {
        const t = o.output as TagClassifierOutput;
        const parts = [
          t.category === null ? null : `${w.category} ${t.category.value} (${t.category.confidence.toFixed(2)})`,
          t.assignmentGroup === null
            ? null
            : `${w.group} ${t.assignmentGroup.value} (${t.assignmentGroup.confidence.toFixed(2)})`,
        ].filter((p) => p !== null);
        lines[o.agent] = parts.length === 0 ? w.noTags : parts.join(', ');
        break;
      }
      case 'incident-similarity': {
        const s = o.output as IncidentSimilarityOutput;
        const best = s.similar[0];
        if (best === undefined) lines[o.agent] = w.noSimilar;
        else {
          const fix = s.resolutionSummary ?? best.resolution?.closeNotes ?? null;
          const list = s.similar
            .slice(0, 3)
            .map((x) => `${x.number ?? x.sysId} (${x.score.toFixed(2)})`)
            .join(', ');
          lines[o.agent] = `${w.similar}: ${list}${fix === null ? '' : `; ${w.fixed}: ${clip(fix)}`}`;
        }
        break;
      }
      case 'incident-associator': {
        const a = o.output as IncidentAssociatorOutput;
        lines[o.agent] =
          a.sameEvent.length === 0
            ? w.noEvent
            : `${w.sameEvent}: ${a.sameEvent.map((x) => x.number).join(', ')}${a.majorIncidentCandidate ? `; ${w.major}` : ''}`;
        break;
      }
      case 'change-associator': {
        const c = o.output as ChangeAssociatorOutput;
        const first = c.likelyCauses[0];
        lines[o.agent] =
          first === undefined
            ? w.noCause
            : `${w.cause}: ${first.number} (${first.hoursBeforeIncident ?? '?'} ${w.before}; ${clip(first.shortDescription, 80)})`;
        break;
      }
      case 'context-retriever': {
        const c = o.output as ContextRetrieverOutput;
        lines[o.agent] =
          c.ci === null
            ? w.unknownCi
            : `${w.ci} ${c.ci.name} (${c.ci.className}); ${w.support}: ${c.supportGroup ?? '-'}; ${w.related}: ${c.relatedCis.length}; ${w.recent}: ${c.recentIncidents.length}`;
        break;
      }
    }
  }
  return lines;
}
