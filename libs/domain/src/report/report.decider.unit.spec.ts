import { emits, given, refuses } from '../shared/given-when-then';
import { reportDecider } from './report.decider';
import { ReportPublished } from './report.events';

const published = (resultHash = 'sha256:aa', parameters: Record<string, string> = { organizationId: 'chaowai' }): ReportPublished => ({
  type: 'ReportPublished',
  data: {
    reportId: 'chaowai-courses-2024',
    title: '朝外街道 2024 年课程',
    query: 'courses',
    parameters,
    figures: [{ courseId: 'chaowai-painting', sessions: 94, attendances: 1128 }],
    receipt: { position: '1503', chainHash: 'sha256:cc', eventCount: 1503, projection: 'participation_v2', resultHash },
  },
});
const publish = (event: ReportPublished) => ({ type: 'PublishReport' as const, data: event.data });

describe('report decider', () => {
  it('publishes a report once', () => {
    expect(given(reportDecider).when(publish(published()))).toEqual(emits(published()));
  });

  it('takes the same publication again as a retry', () => {
    expect(given(reportDecider, [published()]).when(publish(published()))).toEqual(emits());
  });

  it('refuses the same id with other figures or other parameters: published reports never change', () => {
    expect(given(reportDecider, [published()]).when(publish(published('sha256:bb')))).toEqual(refuses('conflict', { field: 'reportId', rule: 'notPublished' }));
    expect(given(reportDecider, [published()]).when(publish(published('sha256:aa', { organizationId: 'jianwai' })))).toEqual(
      refuses('conflict', { field: 'reportId', rule: 'notPublished' }),
    );
  });

  it('keeps the first publication if a second were ever folded', () => {
    const state = [published(), published('sha256:bb')].reduce(reportDecider.evolve, reportDecider.initialState);
    expect(state).toMatchObject({ status: 'published', receipt: { resultHash: 'sha256:aa' } });
  });
});
