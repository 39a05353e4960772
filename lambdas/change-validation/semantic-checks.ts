import type { Inference } from '../shared/inference';
import type { ChangeRequest, ValidationRule } from '../shared/records';
import { fieldLabel, fieldText, serviceNowField } from './fields';
import type { RuleOutcome } from './finding';

/** The inference alias the Content Validator's semantic checks use. */
export const SEMANTIC_ALIAS = 'reasoning';

/**
 * What a semantic question is about: the field it reads (null: the whole change) and
 * bilingual lexical hints the offline provider decides with (a hosted model reads the
 * question itself). A rule may carry its own `requiredPatterns` in `check.params`.
 */
interface Topic {
  readonly match: RegExp;
  readonly field: string | null;
  readonly requiredPatterns: readonly string[];
}

const TOPICS: readonly Topic[] = [
  {
    match: /backout/i,
    field: 'backoutPlan',
    requiredPatterns: [
      '\\b(restor\\w*|revert\\w*|roll ?back|rollback|redeploy\\w*|reimport\\w*|reinstall\\w*|uninstall\\w*|undo|reversal|previous|snapshot|backup|fail ?back)',
      '(restaur\\w*|revert\\w*|vuelv\\w* a|volver a|anterior|reimport\\w*|reinstal\\w*|desinstal\\w*|deshacer|copia de seguridad|instantánea|snapshot|backup)',
    ],
  },
  {
    match: /test plan/i,
    field: 'testPlan',
    requiredPatterns: [
      '\\b(verif\\w*|confirm\\w*|check\\w*|smoke|health|validat\\w*|compar\\w*|test\\w*|monitor\\w*|shows?|reports?)',
      '(comprob\\w*|verific\\w*|confirm\\w*|valid\\w*|prueba\\w*|compar\\w*|muestra\\w*|éxito|informe|revis\\w*)',
    ],
  },
  {
    match: /backup/i,
    field: 'implementationPlan',
    requiredPatterns: ['\\b(full backup|backup|copia de seguridad|respaldo)'],
  },
  {
    match: /grid control|control center/i,
    field: null,
    requiredPatterns: [
      '\\b(fail ?over|standby|local control|shift supervisor|control cent(er|re))',
      '\\b(respaldo|reserva|control local|jefe de turno|centro de control)',
    ],
  },
  {
    match: /\bQA\b/,
    field: null,
    requiredPatterns: ['\\b(QA|quality|sign(ed)?[- ]?off|key user|usuario clave|calidad|validad\\w*|aprobad\\w*)'],
  },
  {
    match: /vulnerability|CVE/i,
    field: null,
    requiredPatterns: ['\\bCVE-\\d{4}-\\d{3,}', '\\b(advisory|security bulletin|aviso de seguridad|boletín)'],
  },
];

const WHOLE_CHANGE_FIELDS = [
  'shortDescription',
  'description',
  'justification',
  'implementationPlan',
  'backoutPlan',
  'testPlan',
  'riskImpactAnalysis',
] as const;

/** Who asks, for the inference layer's budgets and audit trail. */
export interface SemanticCallContext {
  readonly inference: Inference;
  readonly correlationId: string;
}

/**
 * Asks the inference layer's `judge` whether the change answers the rule's question.
 * An empty field fails without a model call; `unknown` or no answer is undecided.
 * The change's text is data to the model (the inference layer fences it): nothing it
 * says changes which rules run or how the verdict is reached.
 */
export async function checkSemantic(
  rule: ValidationRule,
  change: ChangeRequest,
  call: SemanticCallContext,
): Promise<RuleOutcome> {
  const question = String(rule.check.params.question ?? rule.title);
  const topic = TOPICS.find((t) => t.match.test(question));
  const field = topic?.field ?? null;
  const text = field === null ? wholeChange(change) : fieldText(change, field);
  const snField = field === null ? null : serviceNowField(field);
  const es = change.language === 'es';
  const base = { ruleId: rule.id, severity: rule.severity, field: snField } as const;
  if (text === '') {
    const label = field === null ? (es ? 'El cambio' : 'The change') : fieldLabel(field, change.language);
    return {
      ...base,
      passed: false,
      decided: true,
      message: es
        ? `${label} está vacío, así que no responde: ${question}`
        : `${label} is empty, so it does not answer: ${question}`,
      evidence: { kind: 'semantic', decided: true, question, empty: true },
    };
  }
  const explicit = rule.check.params.requiredPatterns;
  const requiredPatterns = Array.isArray(explicit) ? explicit.map(String) : [...(topic?.requiredPatterns ?? [])];
  const result = await call.inference.judge({
    agent: 'content-validator',
    requestId: call.correlationId,
    alias: SEMANTIC_ALIAS,
    rule: `${rule.title}. ${question} Policy: ${rule.description}`,
    text,
    requiredPatterns,
  });
  if (!result.ok) {
    return {
      ...base,
      passed: false,
      decided: false,
      message: es
        ? `No se pudo comprobar automáticamente (${result.reason}); un revisor debe confirmar: ${question}`
        : `Could not be checked automatically (${result.reason}); a reviewer must confirm: ${question}`,
      evidence: { kind: 'semantic', decided: false, question, reason: result.reason },
    };
  }
  const { verdict, confidence, evidence } = result.value;
  const where = field === null ? (es ? 'El cambio' : 'The change') : fieldLabel(field, change.language);
  const message =
    verdict === 'pass'
      ? es
        ? `Cumple: ${rule.title}.`
        : `Passed: ${rule.title}.`
      : verdict === 'fail'
        ? es
          ? `${where} no responde a: ${question} Complételo según la política: ${rule.description}`
          : `${where} does not answer: ${question} Add it as the policy asks: ${rule.description}`
        : es
          ? `No se pudo decidir automáticamente; un revisor debe confirmar: ${question}`
          : `Could not be decided automatically; a reviewer must confirm: ${question}`;
  return {
    ...base,
    passed: verdict === 'pass',
    decided: verdict !== 'unknown',
    message,
    evidence: {
      kind: 'semantic',
      decided: verdict !== 'unknown',
      question,
      verdict,
      confidence,
      quotes: evidence.slice(0, 3),
      model: result.modelId,
    },
  };
}

function wholeChange(change: ChangeRequest): string {
  return WHOLE_CHANGE_FIELDS.map((f) => fieldText(change, f))
    .filter((t) => t !== '')
    .join('\n\n');
}
