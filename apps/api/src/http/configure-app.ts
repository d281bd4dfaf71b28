import { HttpStatus, INestApplication } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import express, { NextFunction, Request, RequestHandler, Response } from 'express';
import { Logger } from 'nestjs-pino';
import helmet from 'helmet';
import type { Server } from 'node:http';
import { REDEEM_DEVICE_CODE_PATH } from '../access/auth.controller';
import { Authenticator } from '../access/authenticator';
import { LedgerConfig } from '../config';
import { LEDGER_CONFIG, READ_MODELS } from '../ledger.providers';
import { ReadModelStore } from '../../../../libs/projections/src/read-model.port';
import { errorBody } from './error-body';
import { IdempotencyInterceptor } from './idempotency.interceptor';
import { LedgerExceptionFilter } from './ledger-exception.filter';
import { requestContext } from './request-context';
import { LedgerValidationPipe } from './validation';
import { webAppRouter } from '../web/serve-web-app';

export const BODY_LIMIT_BYTES = 1024 * 1024;
/** The body of the one public route that reads one, `{"code":"K7QM-4TZP"}`: a kilobyte is ample. */
export const PUBLIC_BODY_LIMIT_BYTES = 1024;

/** Everything main.ts and the e2e tests both need, so that tests run the application users run. */
export function configureApp(app: INestApplication): INestApplication {
  const config = app.get<LedgerConfig>(LEDGER_CONFIG);
  app.useLogger(app.get(Logger));
  app.use(helmet());
  // Cross-origin access only for the origins configured; none by default.
  if (config.corsOrigins.length > 0) app.enableCors({ origin: [...config.corsOrigins], exposedHeaders: ['X-Correlation-Id', 'X-As-Of-Position', 'Idempotent-Replayed'] });
  limitRequestTime(app.getHttpServer() as Server, config.requestTimeoutMs);
  app.use(webAppRouter(config.webDir));
  app.use(requestContext);
  app.use(app.get(Authenticator).middleware());
  const json = (limit: number) =>
    express.json({
      limit,
      verify: (req: Request, _res, buffer) => {
        assertUtf8(req, buffer);
        req.rawBody = buffer;
      },
    });
  app.use(onlyFromSomeone(json(BODY_LIMIT_BYTES), json(PUBLIC_BODY_LIMIT_BYTES)));
  app.use(bodyParserErrors);
  app.use(refuseMalformedBodies);
  app.useGlobalFilters(new LedgerExceptionFilter());
  app.useGlobalPipes(new LedgerValidationPipe());
  app.useGlobalInterceptors(new IdempotencyInterceptor(app.get<ReadModelStore>(READ_MODELS), app.get(Reflector)));
  app.enableShutdownHooks();

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('activity-ledger')
      .setDescription(
        'Event-sourced ledger of the services trade unions deliver to workers. 工会服务活动台账。\n\n' +
          'Every endpoint but /health and /auth/device-codes/redeem needs `Authorization: Bearer <token>` (401 without, 403 outside role or scope). ' +
          'Errors answer `{statusCode, error, message, details: [{field, rule}]}`. ' +
          'POST requests may carry an `Idempotency-Key` header; every answer carries `X-Correlation-Id`.',
      )
      .setVersion('1')
      .build(),
  );
  document.components = { ...document.components, securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } };
  document.security = [{ bearer: [] }];
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  return app;
}

/**
 * A body is read only from a principal the Authenticator recognised: a request from nobody gets 401
 * unread. The one exception is redeeming a device code, which is how a tablet gets its first token:
 * that body is read from anyone, but only up to what a code needs.
 */
function onlyFromSomeone(parse: RequestHandler, parsePublic: RequestHandler): RequestHandler {
  return (req, res, next) => {
    if (req.method === 'POST' && req.path === REDEEM_DEVICE_CODE_PATH) return parsePublic(req, res, next);
    return 'principal' in (req.authentication ?? {}) ? parse(req, res, next) : next();
  };
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

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The body must be UTF-8, declared so or undeclared: JSON.parse would otherwise turn invalid bytes
 * into U+FFFD silently, and a UTF-16 body would be read as what it is not.
 */
function assertUtf8(req: Request, buffer: Buffer): void {
  const charset = /;\s*charset=("?)([^";\s]+)\1/i.exec(req.headers['content-type'] ?? '')?.[2];
  if (charset !== undefined && charset.toLowerCase() !== 'utf-8' && charset.toLowerCase() !== 'utf8') {
    throw Object.assign(new Error(`the body's charset is ${charset}`), { type: 'charset.unsupported' });
  }
  try {
    UTF8.decode(buffer);
  } catch {
    throw Object.assign(new Error('the body is not valid UTF-8'), { type: 'body.not.utf8' });
  }
}

/** body-parser's errors (malformed JSON, too large, bad charset or encoding) in the ledger's error shape. */
function bodyParserErrors(error: unknown, _req: Request, res: Response, next: NextFunction): void {
  const type = (error as { type?: string })?.type;
  const answer = (status: number, message: string, rule: string) =>
    res.status(status).json(errorBody(status, message, [{ field: 'body', rule }]));
  if (type === 'entity.parse.failed') return void answer(HttpStatus.BAD_REQUEST, 'the body is not valid JSON', 'isJson');
  if (type === 'entity.too.large') {
    const limit = (error as { limit?: number }).limit ?? BODY_LIMIT_BYTES;
    return void answer(HttpStatus.PAYLOAD_TOO_LARGE, `the body is over ${limit} bytes`, 'maxBytes');
  }
  if (type === 'charset.unsupported' || type === 'encoding.unsupported') {
    return void answer(HttpStatus.UNSUPPORTED_MEDIA_TYPE, 'the body must be UTF-8 JSON', 'isUtf8');
  }
  if (type === 'body.not.utf8') return void answer(HttpStatus.BAD_REQUEST, 'the body is not valid UTF-8', 'isUtf8');
  // Anything else body-parser refuses with a 4xx (a body that claims gzip but is not, a stream cut short).
  const status = (error as { status?: unknown })?.status;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return void answer(status, 'the body could not be read as sent', 'readable');
  }
  next(error);
}

/** No command nests deeper than a few levels: deeper bodies are refused before validation recurses into them. */
const MAX_BODY_DEPTH = 32;
/** A UTF-16 surrogate without its pair: JSON allows the escape, but it is not text (PostgreSQL cannot store it). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Keys that name JavaScript's object machinery. Nest's validation silently deletes them wherever they
 * are (against prototype pollution); a free map such as a report's parameters would then lose one
 * without a word. No command has such a field: they are refused instead.
 */
const OBJECT_MACHINERY = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Refuses, before any validation, a parsed body that nests deeper than MAX_BODY_DEPTH, holds a
 * lone surrogate in a string or a key, or a key in OBJECT_MACHINERY. Walks iteratively: the body may be deeper than the stack.
 */
function refuseMalformedBodies(req: Request, res: Response, next: NextFunction): void {
  const problem = malformation(req.body);
  if (!problem) return next();
  res.status(HttpStatus.BAD_REQUEST).json(errorBody(HttpStatus.BAD_REQUEST, problem.message, [{ field: problem.field, rule: problem.rule }]));
}

function malformation(body: unknown): { field: string; rule: string; message: string } | undefined {
  const pending: Array<{ value: unknown; path: string; depth: number }> = [{ value: body, path: '', depth: 0 }];
  while (pending.length > 0) {
    const { value, path, depth } = pending.pop()!;
    const field = path || 'body';
    if (typeof value === 'string') {
      if (LONE_SURROGATE.test(value)) return { field, rule: 'isWellFormedText', message: `${field} holds a lone UTF-16 surrogate` };
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (depth >= MAX_BODY_DEPTH) return { field, rule: 'maxDepth', message: `the body nests deeper than ${MAX_BODY_DEPTH} levels` };
    for (const [key, inner] of Object.entries(value)) {
      if (LONE_SURROGATE.test(key)) return { field, rule: 'isWellFormedText', message: `a key in ${field} holds a lone UTF-16 surrogate` };
      if (OBJECT_MACHINERY.has(key)) return { field: path ? `${path}.${key}` : key, rule: 'unknownField', message: `${key} is not a field of any ledger command` };
      const innerPath = Array.isArray(value) ? `${path}[${key}]` : path ? `${path}.${key}` : key;
      pending.push({ value: inner, path: innerPath, depth: depth + 1 });
    }
  }
  return undefined;
}
