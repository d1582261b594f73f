export * from './territory.types';
export * from './territory.helpers';
export * from './demo-territory';
export * from './demo-accounts';
