import { useEffect, useRef, useState } from 'preact/hooks';
import { useApp } from '../app-context';
import { isParticipantId, recording, Subject, subjectKey, tally, voiding } from '../offline/entries';
import { keep } from '../offline/outbox';
import { useOutbox } from '../offline/use-outbox';
import { MessageKey } from '../i18n/zh-CN';

type Notice = { readonly key: MessageKey; readonly id?: string; readonly bad?: boolean } | undefined;

/**
 * Records people into one subject, one id after another: typed, or scanned by a scanner that types
 * and presses Enter. Each entry is kept on the device before anything is sent, so it survives a
 * lost connection or a reload; the counters say how many are recorded here and how many still wait.
 */
export function Recorder({ subject, member, ledgerCount, onSent, signUp = false }: {
  subject: Subject;
  /** For a member sign-up: what the joining records besides the id. */
  member?: { date: string; channel: string; category: string };
  /** How many the ledger itself counts for the subject, where it can say. */
  ledgerCount?: number;
  /** Called when the ledger has answered more of the subject's entries: its own count may have changed. */
  onSent?: () => void;
  signUp?: boolean;
}) {
  const { texts } = useApp();
  const { t } = texts;
  const all = useOutbox();
  const key = subjectKey(subject);
  const { recorded, waiting, latest, undoable } = tally(all, key);
  const [notice, setNotice] = useState<Notice>();
  const input = useRef<HTMLInputElement>(null);
  const dialog = useRef<HTMLDialogElement>(null);
  const [reason, setReason] = useState(t('door.undoReasonDefault'));
  useEffect(() => input.current?.focus(), [key]);
  const answered = latest.length - waiting;
  useEffect(() => onSent?.(), [answered]);

  const record = async (event: Event) => {
    event.preventDefault();
    const id = input.current?.value.trim() ?? '';
    if (!isParticipantId(id)) return setNotice({ key: 'door.invalidId', bad: true });
    if (recorded.includes(id)) return setNotice({ key: 'door.alreadyHere', id, bad: true });
    // Cleared at once: a scanner may type the next id before this one is kept.
    if (input.current) input.current.value = '';
    await keep({ subject: key, action: 'record', participantId: id, ...recording(subject, id, member) });
    setNotice({ key: 'entry.pending', id });
  };
  const undo = async (event: Event) => {
    event.preventDefault();
    dialog.current?.close();
    if (!undoable || !reason.trim()) return;
    await keep({ subject: key, action: 'void', participantId: undoable, ...voiding(subject, undoable, reason.trim()) });
    setNotice({ key: 'entry.undone', id: undoable });
    input.current?.focus();
  };

  return (
    <div class="recorder">
      <form class="record-form" onSubmit={(e) => void record(e)}>
        <label for="participant">{t(signUp ? 'door.worker' : 'door.participant')}</label>
        <div class="record-row">
          <input
            id="participant"
            name="participant"
            ref={input}
            autoComplete="off"
            autoCapitalize="off"
            spellcheck={false}
            enterKeyHint="done"
            maxLength={64}
            aria-describedby="door-notice"
          />
          <button type="submit" class="big">
            {t(signUp ? 'door.signUp' : 'door.record')}
          </button>
        </div>
        <p id="door-notice" class={notice?.bad ? 'notice bad' : 'notice'} role="status" aria-live="polite">
          {notice ? (notice.key === 'entry.pending' || notice.key === 'entry.undone' ? `${notice.id}: ${t(notice.key)}` : t(notice.key, { id: notice.id ?? '' })) : ''}
        </p>
      </form>
      <dl class="counters">
        <div>
          <dt>{t('door.recordedHere')}</dt>
          <dd data-count="recorded">{texts.number(recorded.length)}</dd>
        </div>
        <div class={waiting > 0 ? 'waiting' : undefined}>
          <dt>{t('door.waiting')}</dt>
          <dd data-count="waiting">{texts.number(waiting)}</dd>
        </div>
        {ledgerCount !== undefined && (
          <div>
            <dt>{t('door.inLedger')}</dt>
            <dd data-count="ledger">{texts.number(ledgerCount)}</dd>
          </div>
        )}
      </dl>
      <button type="button" class="big secondary" disabled={!undoable} onClick={() => dialog.current?.showModal()}>
        {t('door.undo')}
      </button>
      <dialog ref={dialog} aria-labelledby="undo-title">
        <form method="dialog" onSubmit={(e) => void undo(e)}>
          <h2 id="undo-title">{t('door.undoTitle', { id: undoable ?? '' })}</h2>
          <label for="undo-reason">{t('door.undoReason')}</label>
          <input id="undo-reason" name="reason" required value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
          <div class="dialog-buttons">
            <button type="submit" class="big">
              {t('door.undoConfirm')}
            </button>
            <button type="button" class="big secondary" onClick={() => dialog.current?.close()}>
              {t('door.cancel')}
            </button>
          </div>
        </form>
      </dialog>
      <h2>{t('door.latest')}</h2>
      <ol class="latest" aria-live="off">
        {latest
          .filter((entry) => entry.action !== 'open')
          .slice(0, 20)
          .map((entry) => (
            <li class={`entry ${entry.state}`} data-state={entry.state}>
              <span class="who">{entry.participantId}</span>
              <span class="state">
                {entry.action === 'void' && `${t('entry.undone')} · `}
                {entry.state === 'refused' ? t('entry.refused', { message: entry.refusal ?? '' }) : t(`entry.${entry.state}` as MessageKey)}
              </span>
            </li>
          ))}
      </ol>
    </div>
  );
}
