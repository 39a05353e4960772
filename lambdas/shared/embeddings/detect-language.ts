import type { Language } from '../records';
import { ENGLISH_STOPWORDS, SPANISH_STOPWORDS, tokenize } from './text-normalization';

/** Which language a text is in, and how sure the guess is (0 = a coin toss, toward 1 = clear). */
export interface LanguageGuess {
  readonly language: Language;
  readonly confidence: number;
}

// Frequent ticket words that belong to one language only; they decide short texts
// ("Servidor caído", "Printer offline") that have few function words.
const SPANISH_MARKERS = new Set(
  `servidor servidores usuario usuarios contrasena correo caida caido fallo falla equipo equipos incidencia
  aplicacion conexion lento lenta impresora reinicio reiniciar respaldo actualizacion actualizar cambio cambios
  sistema acceso datos ventana pruebas produccion desarrollo cliente clientes factura facturas facturacion
  medidor medidores contador contadores subestacion alarma alarmas aviso avisos hoy ayer manana tarde noche
  funciona responde desconectado caducada caducado tras mantenimiento`.split(/\s+/),
);

const ENGLISH_MARKERS = new Set(
  `server servers user users password email outage failure failed fails slow printer restart backup update
  upgrade change changes connection customer customers billing substation alarm alarms today yesterday
  morning night unable cannot working since expired offline issue issues maintenance after`.split(/\s+/),
);

const SPANISH_ORTHOGRAPHY = /[ñáéíóú¿¡]/giu;
// A diacritic is weaker evidence than a word: English tickets quote Spanish names.
const ORTHOGRAPHY_WEIGHT = 0.5;

/**
 * Guesses whether a text is English or Spanish from the share of function words and
 * frequent ticket words of each language, plus Spanish spelling (ñ, accents, ¿ ¡).
 * Text with no evidence either way is English with confidence 0.
 */
export function detectLanguage(text: string): LanguageGuess {
  return detectLanguageOfTokens(text, tokenize(text));
}

/** {@link detectLanguage} for a caller that has already tokenised the text. */
export function detectLanguageOfTokens(text: string, tokens: readonly string[]): LanguageGuess {
  let english = 0;
  let spanish = 0;
  for (const token of tokens) {
    const isEnglish = ENGLISH_STOPWORDS.has(token) || ENGLISH_MARKERS.has(token);
    const isSpanish = SPANISH_STOPWORDS.has(token) || SPANISH_MARKERS.has(token);
    // Words both languages share ("a", "no", "me") say nothing.
    if (isEnglish && !isSpanish) english += 1;
    if (isSpanish && !isEnglish) spanish += 1;
  }
  spanish += (text.match(SPANISH_ORTHOGRAPHY)?.length ?? 0) * ORTHOGRAPHY_WEIGHT;
  const language: Language = spanish > english ? 'es' : 'en';
  // +1 keeps one stray word from looking certain.
  const confidence = Math.abs(spanish - english) / (spanish + english + 1);
  return { language, confidence: Math.round(confidence * 1000) / 1000 };
}
