import { Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import type { AppConfig } from '@app/config';
import { APP_CONFIG } from './config.module';

/** The gateway's Temporal client: one connection per process, closed on shutdown. */
@Injectable()
export class TemporalClientProvider implements OnApplicationShutdown {
  private connection?: Connection;
  private client?: Client;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async get(): Promise<Client> {
    if (!this.client) {
      this.connection = await Connection.connect({ address: this.address(), connectTimeout: 5000 });
      this.client = new Client({ connection: this.connection, namespace: this.config.temporalNamespace });
    }
    return this.client;
  }

  get taskQueue(): string {
    return this.config.temporalTaskQueue;
  }

  async healthy(): Promise<boolean> {
    try {
      const client = await this.get();
      await client.connection.workflowService.describeNamespace({ namespace: this.config.temporalNamespace });
      return true;
    } catch {
      return false;
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.connection?.close();
  }

  private address(): string {
    if (!this.config.temporalAddress) throw new Error('TEMPORAL_ADDRESS is not set');
    return this.config.temporalAddress;
  }
}

@Global()
@Module({ providers: [TemporalClientProvider], exports: [TemporalClientProvider] })
export class TemporalModule {}
