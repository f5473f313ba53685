import { describe, expect, it } from 'vitest';
import { platform } from '../../test/harness';
import type { User } from '../contract/users';
import { InMemoryStore } from '../memory/in-memory-store';
import { userFixture } from '../testing/fixtures';
import { createWorkflow } from './create-workflow';

describe('profiles stored before a field was added', () => {
  it('read with the field at its default, by id and by Slack id', async () => {
    const store = new InMemoryStore();
    // A profile written before `slackTeamId` existed: the key is absent from the stored document.
    const { slackTeamId: _absent, ...old } = userFixture({ id: 'usr_old', slackUserId: 'U0OLD' });
    await store.transaction((tx) => tx.putUser(old as User));
    const workflow = createWorkflow({ store });

    const byId = await workflow.users.get(platform, 'usr_old');
    expect(byId).toHaveProperty('slackTeamId', null);
    const bySlack = await workflow.users.findBySlackUserId(platform, 'U0OLD');
    expect(bySlack).toHaveProperty('slackTeamId', null);
  });
});
