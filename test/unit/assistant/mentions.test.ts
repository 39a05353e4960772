import { describe, expect, it } from 'vitest';
import {
  buildCatalogueLexicon,
  type CatalogueModel,
  chooseAmongMentioned,
  familiesMentioned,
  resolveMentions,
} from '../../../lambdas/change-model-assistant';
import { extractOffline } from '../../../lambdas/shared/inference/offline-extract';

const model = (
  sysId: string,
  name: string,
  technologyFamily: string,
  objective: string,
  environments: CatalogueModel['environments'] = ['production', 'test'],
): CatalogueModel => ({
  sysId,
  name,
  description: '',
  changeType: 'standard',
  technologyFamily,
  objective,
  environments,
});

// A small catalogue: two families share the word "network" only through a model's name; upgrade is
// listed before data_update, as the gazetteer's tie order would otherwise decide.
const MODELS = [
  model('2'.repeat(32), 'Normal - Network device firmware', 'network', 'upgrade'),
  model('1'.repeat(32), 'Standard - GIS network model data update', 'gis', 'data_update', ['production']),
  model('3'.repeat(32), 'Standard - VPN gateway configuration change', 'network', 'configuration'),
  model('4'.repeat(32), 'Standard - TLS certificate renewal', 'security', 'certificate_renewal'),
  model('5'.repeat(32), 'Standard - Database parameter change', 'database', 'configuration'),
  model('6'.repeat(32), 'Normal - Kubernetes cluster upgrade', 'kubernetes', 'upgrade'),
];
const lexicon = buildCatalogueLexicon(MODELS);
const slotsOf = (text: string) =>
  resolveMentions(
    text,
    extractOffline({ kind: 'extract', text, slots: lexicon.slots }),
    lexicon.slots,
    undefined,
    true,
  );

describe('resolveMentions', () => {
  it.each([
    ['es', 'Actualización de datos del modelo de red GIS en producción', 'data_update'],
    ['en', 'A data update of the GIS model in production', 'data_update'],
    ['en', 'Update the firmware of the core routers', 'upgrade'],
  ])('keeps the longest phrase naming an objective (%s: %s)', (_language, text, objective) => {
    // act
    const slots = slotsOf(text);
    // assert
    expect(slots.objective).toBe(objective);
  });

  it('lets one phrase name one slot ("dr test" is no test environment)', () => {
    // arrange
    const withDr = buildCatalogueLexicon([
      ...MODELS,
      model('7'.repeat(32), 'Normal - DR failover test', 'infrastructure', 'dr_test'),
    ]);
    const text = 'a dr test in production';
    // act
    const slots = resolveMentions(
      text,
      extractOffline({ kind: 'extract', text, slots: withDr.slots }),
      withDr.slots,
      undefined,
      true,
    );
    // assert
    expect(slots).toMatchObject({ objective: 'dr_test', environment: 'production' });
  });
});

describe('familiesMentioned', () => {
  it('lists every family a message names', () => {
    // act
    const families = familiesMentioned('the TLS cert on the VPN gateway expires, renew it', lexicon.slots[0] as never);
    // assert
    expect(families.sort()).toEqual(['network', 'security']);
  });
});

describe('chooseAmongMentioned', () => {
  const similarity = new Map([
    ['3'.repeat(32), 0.6],
    ['4'.repeat(32), 0.3],
    ['5'.repeat(32), 0.2],
    ['6'.repeat(32), 0.5],
  ]);

  it('keeps the family with a model for the objective collected, even when another is closer', () => {
    // act
    const family = chooseAmongMentioned(
      ['network', 'security'],
      MODELS,
      { objective: 'certificate_renewal' },
      similarity,
    );
    // assert
    expect(family).toBe('security');
  });

  it('takes the family whose model is closest to the conversation when several fit', () => {
    // act
    const family = chooseAmongMentioned(['database', 'kubernetes'], MODELS, {}, similarity);
    // assert
    expect(family).toBe('kubernetes');
  });

  it('leaves a single family alone', () => {
    // act
    const family = chooseAmongMentioned(['database'], MODELS, {}, similarity);
    // assert
    expect(family).toBeUndefined();
  });
});
