/**
 * What the door records into, kept on the device: a tablet that reloads offline comes back to the
 * same session, meal or sign-up, with the names it showed (the lists need the connection).
 */
export type DoorChoice =
  | { readonly kind: 'course'; readonly courseId?: string; readonly courseName?: string; readonly sessionId?: string }
  | { readonly kind: 'meal'; readonly mealId?: string; readonly mealLabel?: string }
  | { readonly kind: 'member' };

const STORAGE_KEY = 'ledger.door';

export function storedChoice(): DoorChoice {
  try {
    const stored = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null') as DoorChoice | null;
    return stored && ['course', 'meal', 'member'].includes(stored.kind) ? stored : { kind: 'course' };
  } catch {
    return { kind: 'course' };
  }
}

export function keepChoice(choice: DoorChoice): DoorChoice {
  localStorage.setItem(STORAGE_KEY, JSON.stringify(choice));
  return choice;
}
