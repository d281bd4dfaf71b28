import { OrganizationState } from '../organization/organization.events';
import { emits, given, refuses } from '../shared/given-when-then';
import { lastDayOf, reportingPeriodDecider } from './reporting-period.decider';
import { PeriodClosed } from './reporting-period.events';

const chaowai: OrganizationState = { status: 'registered', organizationId: 'chaowai', name: '朝外街道', level: 'street', parentId: null };
const close = (period: string, organization: OrganizationState = chaowai) => ({
  type: 'ClosePeriod' as const,
  data: { organizationId: 'chaowai', period },
  organization,
});
const closed = (period: string): PeriodClosed => ({ type: 'PeriodClosed', data: { organizationId: 'chaowai', period } });

describe('reporting period decider', () => {
  it('closes a year or a month that has ended (today is 2024-12-31 in these tests)', () => {
    expect(given(reportingPeriodDecider).when(close('2023'))).toEqual(emits(closed('2023')));
    expect(given(reportingPeriodDecider).when(close('2024-11'))).toEqual(emits(closed('2024-11')));
  });

  it('takes closing a closed period again as a retry', () => {
    expect(given(reportingPeriodDecider, [closed('2023')]).when(close('2023'))).toEqual(emits());
  });

  it('refuses a period that has not ended, one that is not a period, and an unknown organisation', () => {
    expect(given(reportingPeriodDecider).when(close('2024'))).toEqual(refuses('unprocessable', { field: 'period', rule: 'hasEnded' }));
    expect(given(reportingPeriodDecider).when(close('2024-12'))).toEqual(refuses('unprocessable', { field: 'period', rule: 'hasEnded' }));
    for (const bad of ['24', '2024-13', '2024-1', '2024-01-01', 'last year']) {
      expect(given(reportingPeriodDecider).when(close(bad))).toEqual(refuses('invalid', { field: 'period', rule: 'isPeriod' }));
    }
    expect(given(reportingPeriodDecider).when(close('2023', { status: 'unknown' }))).toEqual(
      refuses('not_found', { field: 'organizationId', rule: 'exists' }),
    );
  });

  it('knows the last day of each period, leap years included', () => {
    expect(['2024', '2024-02', '2023-02', '2024-04'].map(lastDayOf)).toEqual(['2024-12-31', '2024-02-29', '2023-02-28', '2024-04-30']);
  });
});
