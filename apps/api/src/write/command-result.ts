import type { Response } from 'express';

/** What a command handler answers: 201 when it recorded something new, 200 when it was a retry. */
export interface CommandResult<Body> {
  readonly created: boolean;
  readonly body: Body;
}

export function respond<Body>(res: Response, result: CommandResult<Body>): Body {
  res.status(result.created ? 201 : 200);
  return result.body;
}
