/**
 * What Slack sends to the app: slash commands (form fields), interactivity (form field `payload=<json>`) and
 * events (JSON), each signed with the signing secret and posted to the app's request URL. The app's answer
 * is applied the way Slack applies it (ack bodies become messages; view_submission response_actions).
 */
export { deliver, type Tamper, type ToAppContext } from './to-app/deliver.ts';
export { sendSlashCommand, type SlashCommand } from './to-app/slash-command.ts';
export { clickButton, type ButtonClick } from './to-app/button.ts';
export { submitView, type ViewSubmission } from './to-app/view-submission.ts';
export { openAppHome } from './to-app/app-home.ts';
