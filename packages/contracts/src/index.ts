export * from './common.ts';
export * from './errors.ts';
export * from './identity.ts';
export * from './organizations.ts';
export * from './audit.ts';
export * from './jobs.ts';
