import { useState } from 'preact/hooks';
import { query } from '../api/client';
import { CourseRow, MealRow, SessionRow } from '../api/types';
import { useApp } from '../app-context';
import { Loading, Problem } from '../components/problem';
import { todayInUnionTime } from '../i18n/language';
import { MessageKey } from '../i18n/zh-CN';
import { opening, subjectKey } from '../offline/entries';
import { keep } from '../offline/outbox';
import { useAnswer } from '../use-answer';
import { DoorChoice, keepChoice, storedChoice } from './door-choice';
import { Recorder } from './recorder';

const CHANNELS = ['online', 'on-site'] as const;
const CATEGORIES = ['new-form-worker', 'office-worker', 'industrial-worker', 'other'] as const;

/** The staff page for a tablet at an event: choose what to record into, then record people one by one. */
export function DoorPage() {
  const { texts, online } = useApp();
  const { t } = texts;
  const [choice, setChoice] = useState<DoorChoice>(storedChoice);
  const choose = (next: DoorChoice) => setChoice(keepChoice(next));
  return (
    <section class="page-body door" aria-labelledby="page-title">
      <h1 id="page-title">{t('door.title')}</h1>
      {!online && (
        <p class="offline-note" role="status">
          {t('door.offlineNote')}
        </p>
      )}
      <fieldset class="segmented big-choice">
        <legend>{t('door.what')}</legend>
        {(['course', 'meal', 'member'] as const).map((kind) => (
          <label>
            <input type="radio" name="door-kind" value={kind} checked={choice.kind === kind} onChange={() => choose({ kind })} />
            {t(`door.${kind}` as MessageKey)}
          </label>
        ))}
      </fieldset>
      {choice.kind === 'course' && <CourseDoor choice={choice} choose={choose} />}
      {choice.kind === 'meal' && <MealDoor choice={choice} choose={choose} />}
      {choice.kind === 'member' && <MemberDoor />}
    </section>
  );
}

function CourseDoor({ choice, choose }: { choice: Extract<DoorChoice, { kind: 'course' }>; choose: (c: DoorChoice) => void }) {
  const { texts } = useApp();
  const { t } = texts;
  const { courseId, courseName, sessionId } = choice;
  if (!courseId) return <CourseList onChoose={(course) => choose({ kind: 'course', courseId: course.courseId, courseName: course.name })} />;
  const header = (
    <p class="chosen">
      <strong>{courseName ?? courseId}</strong>
      {sessionId && ` · ${texts.date(sessionId.slice(0, 10))}`}
      <button type="button" class="link" onClick={() => choose({ kind: 'course', ...(sessionId && { courseId, courseName }) })}>
        {t('door.change')}
      </button>
    </p>
  );
  if (!sessionId) {
    const openToday = async () => {
      const today = todayInUnionTime();
      await keep({ subject: subjectKey({ kind: 'session', courseId, sessionId: today }), action: 'open', participantId: '', ...opening(courseId, today) });
      choose({ ...choice, sessionId: today });
    };
    return (
      <>
        {header}
        <button type="button" class="big" onClick={() => void openToday()}>
          {t('door.newSessionToday')}
        </button>
        <SessionList courseId={courseId} onChoose={(id) => choose({ ...choice, sessionId: id })} />
      </>
    );
  }
  return (
    <>
      {header}
      <SessionRecorder courseId={courseId} sessionId={sessionId} />
    </>
  );
}

/** The recorder for a session, with the ledger's own count of it (refreshed as entries are answered). */
function SessionRecorder({ courseId, sessionId }: { courseId: string; sessionId: string }) {
  const counted = useAnswer<{ attendances: number }>(`/courses/${encodeURIComponent(courseId)}/sessions/${encodeURIComponent(sessionId)}`);
  return (
    <Recorder
      subject={{ kind: 'session', courseId, sessionId }}
      ledgerCount={counted.state === 'answered' ? counted.value.attendances : undefined}
      onSent={counted.reload}
    />
  );
}

function CourseList({ onChoose }: { onChoose: (course: CourseRow) => void }) {
  const { texts, session } = useApp();
  const courses = useAnswer<CourseRow[]>(`/projections/courses${query({ organizationId: session.principal.organizationId })}`);
  if (courses.state === 'loading') return <Loading />;
  if (courses.state === 'failed') return <Problem error={courses.error} onRetry={courses.reload} />;
  if (courses.value.length === 0) return <p>{texts.t('door.noCourses')}</p>;
  return (
    <fieldset class="choices">
      <legend>{texts.t('door.chooseCourse')}</legend>
      {courses.value.map((course) => (
        <button type="button" class="big choice" data-course={course.courseId} onClick={() => onChoose(course)}>
          {course.name}
        </button>
      ))}
    </fieldset>
  );
}

function SessionList({ courseId, onChoose }: { courseId: string; onChoose: (sessionId: string) => void }) {
  const { texts } = useApp();
  const sessions = useAnswer<{ sessions: SessionRow[] }>(`/courses/${encodeURIComponent(courseId)}/sessions`);
  if (sessions.state === 'loading') return <Loading />;
  if (sessions.state === 'failed') return <Problem error={sessions.error} onRetry={sessions.reload} />;
  return (
    <fieldset class="choices">
      <legend>{texts.t('door.chooseSession')}</legend>
      {[...sessions.value.sessions]
        .reverse()
        .slice(0, 12)
        .map((s) => (
          <button type="button" class="big choice" data-session={s.sessionId} onClick={() => onChoose(s.sessionId)}>
            {texts.date(s.date)} · {s.sessionId} · {texts.number(s.attendances)}
          </button>
        ))}
    </fieldset>
  );
}

function MealDoor({ choice, choose }: { choice: Extract<DoorChoice, { kind: 'meal' }>; choose: (c: DoorChoice) => void }) {
  const { texts, session } = useApp();
  const { t } = texts;
  const meals = useAnswer<{ meals: MealRow[] }>(choice.mealId ? undefined : `/meals${query({ organizationId: session.principal.organizationId })}`);
  if (choice.mealId) {
    return (
      <>
        <p class="chosen">
          <strong>{choice.mealLabel ?? choice.mealId}</strong>
          <button type="button" class="link" onClick={() => choose({ kind: 'meal' })}>
            {t('door.change')}
          </button>
        </p>
        <Recorder subject={{ kind: 'meal', mealId: choice.mealId }} />
      </>
    );
  }
  if (meals.state === 'loading') return <Loading />;
  if (meals.state === 'failed') return <Problem error={meals.error} onRetry={meals.reload} />;
  if (meals.value.meals.length === 0) return <p>{t('door.noMeals')}</p>;
  return (
    <fieldset class="choices">
      <legend>{t('door.chooseMeal')}</legend>
      {[...meals.value.meals]
        .reverse()
        .slice(0, 12)
        .map((meal) => {
          const label = `${texts.date(meal.date)} · ${meal.mealId}`;
          return (
            <button type="button" class="big choice" data-meal={meal.mealId} onClick={() => choose({ kind: 'meal', mealId: meal.mealId, mealLabel: label })}>
              {label}
            </button>
          );
        })}
    </fieldset>
  );
}

/** Signing workers up as members during the event: online by default, as at the free meals. */
function MemberDoor() {
  const { texts, session } = useApp();
  const { t } = texts;
  const [channel, setChannel] = useState<string>('online');
  const [category, setCategory] = useState<string>('new-form-worker');
  const organizationId = session.principal.organizationId;
  if (!organizationId) return <Problem error={new Error(t('error.forbiddenLedger', { scope: t('scope.everyOrganization') }))} />;
  return (
    <>
      <div class="member-options">
        <label>
          {t('door.memberCategory')}
          <select name="category" value={category} onChange={(e) => setCategory(e.currentTarget.value)}>
            {CATEGORIES.map((c) => (
              <option value={c}>{t(`category.${c}` as MessageKey)}</option>
            ))}
          </select>
        </label>
        <label>
          {t('door.memberChannel')}
          <select name="channel" value={channel} onChange={(e) => setChannel(e.currentTarget.value)}>
            {CHANNELS.map((c) => (
              <option value={c}>{t(`channel.${c}` as MessageKey)}</option>
            ))}
          </select>
        </label>
      </div>
      <Recorder subject={{ kind: 'members', organizationId }} member={{ date: todayInUnionTime(), channel, category }} signUp />
    </>
  );
}
