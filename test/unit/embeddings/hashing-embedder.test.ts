import { describe, expect, it } from 'vitest';
import { RuntimeConfigError } from '../../../lambdas/shared/config';
import {
  computeHashingEmbedding,
  createHashingEmbedder,
  HASHING_EMBEDDER_MODEL_ID,
} from '../../../lambdas/shared/embeddings/hashing-embedder';
import { cosineSimilarity } from '../../../lambdas/shared/embeddings/similarity';

const DIMENSION = 512;

function similarity(a: string, b: string): number {
  return cosineSimilarity(computeHashingEmbedding(a, DIMENSION), computeHashingEmbedding(b, DIMENSION));
}

function norm(vector: readonly number[]): number {
  return Math.sqrt(vector.reduce((sum, value) => sum + value * value, 0));
}

describe('the offline hashing embedder', () => {
  it.each([
    [
      'Cannot log in to VPN, password expired',
      'VPN login fails after password expiry',
      'Printer on floor 3 out of toner',
    ],
    [
      'Database server oracle-prd-01 is very slow',
      'Slowness on the Oracle production database server',
      'New laptop request for the billing team',
    ],
    [
      'Outlook does not send emails since this morning',
      'Email sending failing in Outlook',
      'Substation RTU not reporting telemetry',
    ],
    [
      'No puedo iniciar sesión en la VPN, la contraseña ha caducado',
      'Fallo de acceso a la VPN por contraseña caducada',
      'La impresora de la planta 3 no tiene tóner',
    ],
    [
      'El servidor de base de datos va muy lento',
      'Lentitud en la base de datos de producción',
      'Solicitud de portátil nuevo para facturación',
    ],
    [
      'La RTU de la subestación no envía telemetría',
      'Sin telemetría desde la remota de la subestación',
      'Error al enviar correos desde Outlook',
    ],
  ])('ranks a paraphrase of "%s" above an unrelated text', (text, paraphrase, unrelated) => {
    // act
    const close = similarity(text, paraphrase);
    const far = similarity(text, unrelated);
    // assert
    expect(close).toBeGreaterThan(far + 0.2);
  });

  it.each([
    [
      'Cannot log in to VPN, password expired',
      'No puedo iniciar sesión en la VPN, la contraseña ha caducado',
      'Printer on floor 3 out of toner',
      'La impresora del piso 3 no tiene tóner',
    ],
    [
      'Database server is down in production',
      'El servidor de base de datos está caído en producción',
      'Monthly billing run finished late',
      'El ciclo de facturación mensual terminó tarde',
    ],
    [
      'Smart meters in the north substation are not sending reads',
      'Los contadores inteligentes de la subestación norte no envían lecturas',
      'Firewall rule change for the customer portal',
      'Cambio de regla en el cortafuegos del portal de clientes',
    ],
    [
      'Restart the application server after applying the patch',
      'Reiniciar el servidor de aplicaciones tras aplicar el parche',
      'Renew the TLS certificate on the load balancer',
      'Renovar el certificado TLS del balanceador',
    ],
    [
      'Backout plan: restore the database from the backup taken before the upgrade',
      'Plan de marcha atrás: restaurar la base de datos desde la copia de seguridad previa a la actualización',
      'Users report the network is slow on floor 2',
      'Los usuarios indican que la red va lenta en el piso 2',
    ],
  ])('puts "%s" closer to its Spanish translation than to unrelated texts', (english, spanish, otherEn, otherEs) => {
    // act
    const translation = similarity(english, spanish);
    const unrelated = Math.max(
      similarity(english, otherEn),
      similarity(english, otherEs),
      similarity(spanish, otherEn),
      similarity(spanish, otherEs),
    );
    // assert
    expect(translation).toBeGreaterThan(unrelated + 0.2);
  });

  it('matches words with and without diacritics', () => {
    expect(similarity('contraseña caducada', 'contrasena caducada')).toBeCloseTo(1, 10);
  });

  it('gives the same vector for the same text every time', async () => {
    // arrange
    const embedder = createHashingEmbedder({ dimension: DIMENSION });
    const text = 'SAP IS-U billing run stuck since 02:00, 1,200 invoices pending';
    // act
    const [first] = await embedder.embed([text]);
    const [second] = await createHashingEmbedder({ dimension: DIMENSION }).embed([text]);
    // assert
    expect(first).toEqual(second);
  });

  it.each([8, 256, 300, 1024])('returns unit vectors of dimension %i', async (dimension) => {
    // arrange
    const embedder = createHashingEmbedder({ dimension });
    // act
    const vectors = await embedder.embed(['Servidor oms-app-prd-01 caído', 'Firewall rule change']);
    // assert
    expect(embedder.dimension).toBe(dimension);
    for (const vector of vectors) {
      expect(vector).toHaveLength(dimension);
      expect(norm(vector)).toBeCloseTo(1, 10);
    }
  });

  it.each(['', '   ', '¿?¡! ...', 'the of and', 'de la y en'])('gives the zero vector for %j', async (text) => {
    // act
    const [vector] = await createHashingEmbedder({ dimension: 64 }).embed([text]);
    // assert
    expect(vector).toEqual(new Array(64).fill(0));
    expect(vector?.some(Number.isNaN)).toBe(false);
  });

  it('keeps the order of a batch and names its model', async () => {
    // arrange
    const embedder = createHashingEmbedder({ dimension: 128 });
    const texts = ['alpha server', 'beta database', 'gamma network'];
    // act
    const batch = await embedder.embed(texts);
    // assert
    expect(embedder.modelId).toBe(HASHING_EMBEDDER_MODEL_ID);
    expect(batch).toEqual(texts.map((text) => computeHashingEmbedding(text, 128)));
  });

  it.each([0, -1, 1.5])('rejects dimension %d', (dimension) => {
    expect(() => createHashingEmbedder({ dimension })).toThrowError(RuntimeConfigError);
    expect(() => createHashingEmbedder({ dimension })).toThrowError(String(dimension));
  });
});
