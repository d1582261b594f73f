import { ACTIONS } from '@app/domain/workflow-rules/stage-rules';
import * as messages from './dispute.messages';

/** Every exported Update but the intake's read-your-writes wait is an action's. */
const actionUpdates = Object.entries(messages).filter(
  ([key, value]) =>
    key.endsWith('Update') && key !== 'awaitRegistrationUpdate' && (value as { type?: string }).type === 'update',
) as [string, { name: string }][];

describe('action updates', () => {
  it('define one update per action of the stage rules, named as the rules name it', () => {
    expect(actionUpdates.map(([, update]) => update.name).sort()).toEqual([...ACTIONS].sort());
  });

  it('export each under its own name (claimTask: claimTaskUpdate)', () => {
    for (const [key, update] of actionUpdates) expect(`${update.name}Update`).toBe(key);
  });
});
