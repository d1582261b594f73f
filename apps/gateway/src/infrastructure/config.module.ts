import { Global, Module } from '@nestjs/common';
import { AppConfig, loadConfig } from '@app/config';

export const APP_CONFIG = Symbol('APP_CONFIG');

/** The validated configuration as an injectable value; tests pass their own with `forConfig`. */
@Global()
@Module({})
export class ConfigModule {
  static forConfig(config: AppConfig = loadConfig()) {
    return { module: ConfigModule, providers: [{ provide: APP_CONFIG, useValue: config }], exports: [APP_CONFIG] };
  }
}
