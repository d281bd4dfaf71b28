import { startTestLedger, TestLedger } from '../support/ledger-app';

describe('a new user records a course session and reads the counts back', () => {
  let ledger: TestLedger;
  beforeAll(async () => {
    ledger = await startTestLedger();
  });
  afterAll(() => ledger.close());

  it('counts the attendances of a session recorded over HTTP', async () => {
    const { http } = ledger;
    await http.post('/organizations').send({ id: 'chaoyang', name: '朝阳区总工会', level: 'district' }).expect(201);
    await http.post('/courses').send({ id: 'yoga', organizationId: 'chaoyang', name: 'Lunchtime yoga', category: 'sport' }).expect(201);
    await http.post('/courses/yoga/sessions').send({ id: 's1', date: '2024-03-04' }).expect(201);
    const attendance = await http
      .post('/courses/yoga/sessions/s1/attendances')
      .send({ participantIds: ['w1', 'w2', 'w3'] })
      .expect(201);
    expect(attendance.body).toEqual({ recorded: 3, alreadyRecorded: 0 });
    expect(attendance.headers['x-correlation-id']).toBeTruthy();

    await ledger.caughtUp();
    const courses = await http.get('/projections/courses').query({ organizationId: 'chaoyang' }).expect(200);
    expect(courses.body).toEqual([
      {
        courseId: 'yoga',
        organizationId: 'chaoyang',
        name: 'Lunchtime yoga',
        category: 'sport',
        brandId: null,
        sessions: 1,
        attendances: 3,
        distinctParticipants: 3,
        averageAttendance: 3,
        regulars: 0,
      },
    ]);
  });
});
