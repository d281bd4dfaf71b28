import { useEffect, useState } from 'preact/hooks';
import { useApp } from '../app-context';
import { Period, rangeOf } from '../period';

/** Year, month, or from–to; the choice applies as soon as it is complete and valid. */
export function PeriodPicker({ period, onChange }: { period: Period; onChange: (period: Period) => void }) {
  const { texts } = useApp();
  const { t } = texts;
  const [kind, setKind] = useState<Period['kind']>(period.kind);
  const range = rangeOf(period);
  // What is typed is kept until it applies: a re-render meanwhile (figures arriving) must not undo it.
  const [draft, setDraft] = useState(range);
  // The address may change the period too (back, a link): follow it.
  useEffect(() => {
    setKind(period.kind);
    setDraft(range);
  }, [period.kind, range.from, range.to]);
  const typed = (from: string) => setDraft({ ...draft, from });
  const badRange = kind === 'range' && draft.from > draft.to;
  const chooseKind = (next: Period['kind']) => {
    setKind(next);
    const from = range.from;
    if (next === 'year') onChange({ kind: 'year', year: from.slice(0, 4) });
    if (next === 'month') onChange({ kind: 'month', month: from.slice(0, 7) });
    if (next === 'range') onChange({ kind: 'range', ...range });
  };
  return (
    <fieldset class="period-picker">
      <legend>{t('picker.period')}</legend>
      <div class="segmented" role="radiogroup" aria-label={t('picker.period')}>
        {(['year', 'month', 'range'] as const).map((option) => (
          <label>
            <input type="radio" name="period-kind" value={option} checked={kind === option} onChange={() => chooseKind(option)} />
            {t(option === 'year' ? 'picker.byYear' : option === 'month' ? 'picker.byMonth' : 'picker.byRange')}
          </label>
        ))}
      </div>
      {kind === 'year' && (
        <label>
          {t('picker.year')}
          <input
            type="number"
            name="year"
            min="2000"
            max="2100"
            value={draft.from.slice(0, 4)}
            onInput={(e) => typed(e.currentTarget.value)}
            onChange={(e) => /^\d{4}$/.test(e.currentTarget.value) && onChange({ kind: 'year', year: e.currentTarget.value })}
          />
        </label>
      )}
      {kind === 'month' && (
        <label>
          {t('picker.month')}
          <input
            type="month"
            name="month"
            value={draft.from.slice(0, 7)}
            onInput={(e) => typed(e.currentTarget.value)}
            onChange={(e) => /^\d{4}-\d{2}$/.test(e.currentTarget.value) && onChange({ kind: 'month', month: e.currentTarget.value })}
          />
        </label>
      )}
      {kind === 'range' && (
        <>
          {(['from', 'to'] as const).map((edge) => (
            <label>
              {t(edge === 'from' ? 'picker.from' : 'picker.to')}
              <input
                type="date"
                name={edge}
                value={draft[edge]}
                onChange={(e) => {
                  const next = { ...draft, [edge]: e.currentTarget.value };
                  setDraft(next);
                  // Applied once both ends are set and in order; until then the draft waits.
                  if (next.from && next.to && next.from <= next.to) onChange({ kind: 'range', ...next });
                }}
              />
            </label>
          ))}
          {badRange && (
            <p class="field-error" role="alert">
              {t('picker.badRange')}
            </p>
          )}
        </>
      )}
    </fieldset>
  );
}
