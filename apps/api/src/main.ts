import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { configFromEnv } from './config';
import { configureApp } from './http/configure-app';

async function bootstrap(): Promise<void> {
  const config = configFromEnv();
  const app = await NestFactory.create(AppModule.forRoot(config), { bodyParser: false, bufferLogs: true });
  configureApp(app);
  await app.listen(config.port);
  app.get(Logger).log({ port: config.port, dataDir: config.dataDir, timeZone: config.timeZone }, 'activity-ledger listening');
}

void bootstrap();
