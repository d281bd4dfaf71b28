import { HttpStatus, INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import express, { NextFunction, Request, Response } from 'express';
import { Logger } from 'nestjs-pino';
import helmet from 'helmet';
import type { Server } from 'node:http';
import { LedgerConfig } from '../config';
import { LEDGER_CONFIG, READ_MODELS } from '../ledger.providers';
import { ReadModelStore } from '../../../../libs/projections/src/read-model.port';
import { errorBody } from './error-body';
import { IdempotencyInterceptor } from './idempotency.interceptor';
import { LedgerExceptionFilter } from './ledger-exception.filter';
import { requestContext } from './request-context';
import { LedgerValidationPipe } from './validation';

export const BODY_LIMIT_BYTES = 1024 * 1024;

/** Everything main.ts and the e2e tests both need, so that tests run the application users run. */
export function configureApp(app: INestApplication): INestApplication {
  const config = app.get<LedgerConfig>(LEDGER_CONFIG);
  app.useLogger(app.get(Logger));
  app.use(helmet());
  // Cross-origin access only for the origins configured; none by default.
  if (config.corsOrigins.length > 0) app.enableCors({ origin: [...config.corsOrigins], exposedHeaders: ['X-Correlation-Id', 'X-As-Of-Position', 'Idempotent-Replayed'] });
  limitRequestTime(app.getHttpServer() as Server, config.requestTimeoutMs);
  app.use(requestContext);
  app.use(
    express.json({
      limit: BODY_LIMIT_BYTES,
      verify: (req: Request, _res, buffer) => {
        req.rawBody = buffer;
      },
    }),
  );
  app.use(bodyParserErrors);
  app.useGlobalFilters(new LedgerExceptionFilter());
  app.useGlobalPipes(new LedgerValidationPipe());
  app.useGlobalInterceptors(new IdempotencyInterceptor(app.get<ReadModelStore>(READ_MODELS)));
  app.enableShutdownHooks();

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('activity-ledger')
      .setDescription(
        'Event-sourced ledger of the services trade unions deliver to workers. 工会服务活动台账。\n\n' +
          'Errors answer `{statusCode, error, message, details: [{field, rule}]}`. ' +
          'POST requests may carry an `Idempotency-Key` header; every answer carries `X-Correlation-Id`.',
      )
      .setVersion('1')
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  return app;
}

/**
 * A client that sends its request slowly (or never finishes it) holds a connection: the whole request
 * must arrive within `timeoutMs`, its headers within a third of it. Answers may take longer (exports).
 */
function limitRequestTime(server: Server, timeoutMs: number): void {
  if (timeoutMs === 0) return; // 0: no limit, as Node has it
  server.requestTimeout = timeoutMs;
  server.headersTimeout = Math.max(1, Math.floor(timeoutMs / 3));
}

/** body-parser's errors (malformed JSON, too large, bad charset) in the ledger's error shape. */
function bodyParserErrors(error: unknown, _req: Request, res: Response, next: NextFunction): void {
  const type = (error as { type?: string })?.type;
  const answer = (status: number, message: string, rule: string) =>
    res.status(status).json(errorBody(status, message, [{ field: 'body', rule }]));
  if (type === 'entity.parse.failed') return void answer(HttpStatus.BAD_REQUEST, 'the body is not valid JSON', 'isJson');
  if (type === 'entity.too.large') {
    return void answer(HttpStatus.PAYLOAD_TOO_LARGE, `the body is over ${BODY_LIMIT_BYTES} bytes`, 'maxBytes');
  }
  if (type === 'charset.unsupported' || type === 'encoding.unsupported') {
    return void answer(HttpStatus.UNSUPPORTED_MEDIA_TYPE, 'the body must be UTF-8 JSON', 'isUtf8');
  }
  next(error);
}
