import 'reflect-metadata';
export * from './topics';
export * from './envelope';
export * from './codec';
export * from './events/event-types';
export * from './events/seizure.events';
export * from './events/hit.events';
export * from './plates/plate';
export * from './plates/is-plate.decorator';
