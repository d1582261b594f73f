export * from './case-state';
export * from './dispute.messages';
export * from './case-events';
