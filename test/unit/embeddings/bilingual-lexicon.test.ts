import { describe, expect, it } from 'vitest';
import { extractConcepts, LEXICON_SIZE } from '../../../lambdas/shared/embeddings/bilingual-lexicon';
import { tokenize } from '../../../lambdas/shared/embeddings/text-normalization';

describe('the bilingual lexicon', () => {
  it.each([
    ['password expired', 'en', ['password', 'expired']],
    ['contraseña caducada', 'es', ['password', 'expired']],
    ['copia de seguridad de la base de datos', 'es', ['backup', 'database']],
    ['plan de marcha atrás', 'es', ['backout_plan']],
    ['ventana de mantenimiento del sábado', 'es', ['maintenance_window']],
    ['Servidores caídos', 'es', ['server', 'outage']],
    ['la red del centro de datos', 'es', ['network', 'data_center']],
    ['the red cable on the meter', 'en', ['meter']],
    ['hay que meter el cable rojo', 'es', []],
  ] as const)('reads %j (%s) as %j', (text, language, concepts) => {
    expect(extractConcepts(tokenize(text), language)).toEqual(concepts);
  });

  it('holds well over a hundred term mappings', () => {
    expect(LEXICON_SIZE).toBeGreaterThan(150);
  });
});
