import { QueryRunner, ScopeFilter, scopeCondition } from './scope';

export interface MealRow {
  mealId: string;
  organizationId: string;
  date: string;
  /** As corrected. */
  meals: number;
  /** How many recipients are identified (voided ones taken off), never who. */
  identifiedRecipients: number;
}

/** The meal servings in a scope and period, by date then id: what staff pick a serving from. */
export async function mealServings(run: QueryRunner, filter: ScopeFilter): Promise<MealRow[]> {
  const where = scopeCondition(filter);
  const servings = await run<MealRow>(
    `SELECT t.id AS "mealId", t.organization_id AS "organizationId", t.date, t.meals,
            (SELECT count(*) FROM meal_recipients r WHERE r.meal_id = t.id) AS "identifiedRecipients"
     FROM meals t WHERE ${where.sql} ORDER BY t.date, t.id`,
    where.params,
  );
  return servings.map((serving) => ({ ...serving, meals: Number(serving.meals), identifiedRecipients: Number(serving.identifiedRecipients) }));
}
