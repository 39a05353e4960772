import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findSimilarIncidents } from '../../../lambdas/incident-similarity';
import { upsertIncidents } from '../../../lambdas/shared/db/incidents';
import { createHashingEmbedder } from '../../../lambdas/shared/embeddings';
import { startTestDatabase, type TestDatabase } from '../../fixtures/db/database';
import { makeIncident, sysId } from '../../fixtures/db/records';

const DIMENSION = 128;
const embedder = createHashingEmbedder({ dimension: DIMENSION });
let db: TestDatabase;

beforeAll(async () => {
  db = await startTestDatabase({ embeddingDimension: DIMENSION });
  const history = [
    makeIncident({
      sysId: sysId(1),
      number: 'INC0000001',
      shortDescription: 'VPN connection drops every hour',
      state: 'closed',
      closeCode: 'Solved',
      closeNotes: 'Renewed the VPN client certificate.',
    }),
    makeIncident({
      sysId: sysId(2),
      number: 'INC0000002',
      shortDescription: 'Printer jammed on floor 3',
      state: 'resolved',
      closeNotes: 'Cleared the paper path.',
    }),
    makeIncident({
      sysId: sysId(3),
      number: 'INC0000003',
      shortDescription: 'VPN connection drops when on wifi',
      state: 'in_progress',
    }),
  ];
  const vectors = await embedder.embed(history.map((h) => `${h.shortDescription}\n${h.description}`));
  await upsertIncidents(
    db.pool,
    history.map((record, i) => ({ record, embedding: { vector: vectors[i] ?? [], textHash: String(i) } })),
  );
}, 60_000);

afterAll(async () => {
  await db?.stop();
});

describe('findSimilarIncidents', () => {
  it('returns resolved incidents nearest first with how the best one was resolved, never open ones', async () => {
    // Act
    const out = await findSimilarIncidents(db.pool, embedder, {
      incidentSysId: sysId(99),
      shortDescription: 'VPN keeps dropping the connection',
      limit: 2,
      withResolution: 1,
    });
    // Assert
    expect(out.similar.map((s) => s.number)).toEqual(['INC0000001', 'INC0000002']);
    expect(out.similar[0]?.resolution?.closeNotes).toBe('Renewed the VPN client certificate.');
    expect(out.similar[1]?.resolution).toBeNull();
  });
});
