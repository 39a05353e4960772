import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listTagModels } from '../../../lambdas/tag-classifier/model-store';
import { startEnrichmentRig } from './rig';

describe('the local runtime’s Tag Classifier training', () => {
  it('trains on its thread after the ETL load, serves the stored model, and skips training on a restart with the same history', async () => {
    // Arrange
    const dataDir = join(await mkdtemp(join(tmpdir(), 'switchyard-tag-model-')), 'pgdata');
    const first = await startEnrichmentRig({ dataDir });
    let trained: Awaited<NonNullable<typeof first.runtime.tagModel>>;
    let models: Awaited<ReturnType<typeof listTagModels>>;
    try {
      // Act
      trained = await (first.runtime.tagModel as NonNullable<typeof first.runtime.tagModel>);
      await first.runtime.incidentEnrichment?.warm();
      models = await listTagModels(first.runtime.pool);
    } finally {
      await first.stop();
    }
    const second = await startEnrichmentRig({ dataDir });
    try {
      const again = await second.runtime.tagModel;
      // Assert
      expect(trained).toMatchObject({ status: 'trained' });
      expect(trained.status === 'trained' && trained.historySize).toBeGreaterThan(50);
      // Only the trainer's model: warm() loaded it instead of training in the runtime's thread.
      expect(models.map((m) => [m.id, m.trainedBy])).toEqual([[trained.modelId, 'trainer']]);
      expect(again).toEqual({ status: 'unchanged', modelId: trained.modelId, watermark: trained.watermark });
    } finally {
      await second.stop();
    }
  }, 300_000);
});
