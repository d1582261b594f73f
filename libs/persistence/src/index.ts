export * from './data-source';
export * from './entities/case-event.entity';
export * from './entities/case.entity';
export * from './entities/territory.entities';
export * from './entities/user.entity';
export * from './password-hash';
export * from './seed/demo-seed';
