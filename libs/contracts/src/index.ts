export * from './case-state';
export * from './dispute.messages';
export * from './case-events';
export * from './search-attributes';
export * from './measure-day-carry';
export * from './key-person';
export * from './assistance';
