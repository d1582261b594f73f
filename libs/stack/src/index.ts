export * from './embedded-postgres';
export * from './infrastructure';
export * from './locate-stack';
export * from './temporal-cli';
export * from './temporal-dev-server';
export * from './wait';
