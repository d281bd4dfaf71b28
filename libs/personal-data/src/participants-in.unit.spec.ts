import { forgottenIn, participantIdsIn } from './participants-in';

describe('the people an event names', () => {
  it('are found in every field that names them, each once', () => {
    expect(participantIdsIn({ courseId: 'c', sessionId: 's', participantId: 'w-1' })).toEqual(['w-1']);
    expect(participantIdsIn({ mealId: 'm', participantId: 'w-1', reason: 'wrong serving' })).toEqual(['w-1']);
    expect(participantIdsIn({ mealId: 'm', participantIds: ['w-1', 'w-2', 'w-1'] })).toEqual(['w-1', 'w-2']);
    expect(participantIdsIn({ tripId: 't', participants: [{ participantId: 'sk-1' }, { participantId: 'sk-2' }] })).toEqual(['sk-1', 'sk-2']);
    expect(participantIdsIn({ organizationId: 'o', workerId: 'rider-1' })).toEqual(['rider-1']);
    expect(participantIdsIn({ intakeId: 'i', applicantId: 'ap-1' })).toEqual(['ap-1']);
    expect(participantIdsIn({ organizationId: 'o', meals: 75 })).toEqual([]);
  });

  it('are marked forgotten per event, with one question for the whole batch', async () => {
    const asked: string[][] = [];
    const forgottenAmong = async (ids: readonly string[]) => {
      asked.push([...ids]);
      return new Set(ids.filter((id) => id === 'w-2'));
    };
    const events = [{ data: { participantIds: ['w-1', 'w-2'] } }, { data: { participantId: 'w-2' } }, { data: { meals: 3 } }];
    expect(await forgottenIn(events, forgottenAmong)).toEqual([['w-2'], ['w-2'], []]);
    expect(asked).toEqual([['w-1', 'w-2']]);
    expect(await forgottenIn([{ data: { meals: 3 } }], forgottenAmong)).toEqual([[]]);
    expect(asked).toHaveLength(1);
  });
});
