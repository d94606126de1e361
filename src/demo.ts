/** The demo workspace `npm start` binds to the Meta emulator's demo account when no real account is configured. */
export const DEMO = Object.freeze({
  // The local workspace's team (src/emulators/slack/state.ts): reads are scoped to the request's team.
  workspaceId: 'T_ADPILOT',
  workspaceName: 'adpilot demo',
  accountId: 'act_demo',
  accountName: 'Demo Store',
  channelId: 'C_ADS',
  approverUserId: 'U_APPROVER',
  metaToken: 'demo-token',
  timezone: 'America/New_York',
  currency: 'USD',
  targetCpa: 25,
  targetRoas: 3,
});
