import { Module } from '@nestjs/common';
import { AlertController } from './alert.controller';
import { AlertService } from './alert.service';
import { AlertStreamService } from './alert-stream.service';

/** The supervisors' desk: alerts listed, pushed live, acknowledged. */
@Module({ controllers: [AlertController], providers: [AlertService, AlertStreamService] })
export class AlertModule {}
