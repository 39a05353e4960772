import { describe, expect, it } from 'vitest';
import { detectLanguage } from '../../../lambdas/shared/embeddings/detect-language';

describe('detectLanguage', () => {
  it.each([
    ['The VPN connection drops every few minutes for users on the north site', 'en'],
    ['Printer offline', 'en'],
    ['Please restart the application server after the patch is installed', 'en'],
    ['La conexión VPN se corta cada pocos minutos para los usuarios de la sede norte', 'es'],
    ['Servidor caído', 'es'],
    ['La red va lenta', 'es'],
    ['Reiniciar el servidor de aplicaciones tras instalar el parche', 'es'],
    ['No llegan las lecturas de los contadores desde ayer por la noche', 'es'],
  ])('detects %j as %s', (text, language) => {
    expect(detectLanguage(text).language).toBe(language);
  });

  it('is more confident about a long text than a short one', () => {
    // act
    const short = detectLanguage('Servidor caído');
    const long = detectLanguage('El servidor de la base de datos de producción está caído desde las 8 de la mañana');
    // assert
    expect(long.confidence).toBeGreaterThan(short.confidence);
    expect(long.confidence).toBeLessThanOrEqual(1);
  });

  it.each(['', 'oms-app-prd-01 ORA-12541', '12:45'])('falls back to English with confidence 0 for %j', (text) => {
    expect(detectLanguage(text)).toEqual({ language: 'en', confidence: 0 });
  });
});
