import type { Environment, Language } from '../../lambdas/shared/records';

/** Staff who raise and work tickets; Spanish-speaking staff write in Spanish. */
export const PEOPLE: Record<Language, readonly string[]> = {
  en: [
    'Emily Carter',
    'Michael Brooks',
    'Sarah Mitchell',
    'David Nguyen',
    'Jessica Turner',
    'Robert Hayes',
    'Laura Bennett',
    'James Foster',
    'Olivia Reed',
    'Daniel Price',
    'Rachel Coleman',
    'Kevin Walsh',
  ],
  es: [
    'Lucía Fernández',
    'Javier Martín',
    'María José Ruiz',
    'Carlos Sánchez',
    'Elena Gómez',
    'Álvaro Jiménez',
    'Marta López',
    'Sergio Navarro',
    'Carmen Ortega',
    'Pablo Romero',
    'Nuria Castillo',
    'Íñigo Etxeberria',
  ],
};

/** How each language names an environment inside a sentence. */
export const ENVIRONMENT_LABEL: Record<Language, Record<Environment, string>> = {
  en: {
    production: 'production',
    test: 'test',
    development: 'development',
    staging: 'staging',
    disaster_recovery: 'disaster recovery',
  },
  es: {
    production: 'producción',
    test: 'pruebas',
    development: 'desarrollo',
    staging: 'preproducción',
    disaster_recovery: 'DR (CPD de respaldo)',
  },
};

/** What a CI with no business service of its own supports, in each language. */
export const SHARED_INFRASTRUCTURE_LABEL: Record<Language, string> = {
  en: 'the services that depend on it',
  es: 'los servicios que dependen de él',
};

/** The demo company's DNS domain, for certificate names and URLs. */
export const COMPANY_DOMAIN = 'aurora-energia.example';
