// The twilio package, loaded on the first voice webhook request rather than at start: it takes about
// a fifth of a second to load (`npm run bench`, cold start), which every start would otherwise pay
// for a feature many installations never turn on.
import type twilioModule from 'twilio';

type Twilio = typeof twilioModule;

let loading: Promise<Twilio> | null = null;

export function loadTwilio(): Promise<Twilio> {
  loading ??= import('twilio').then((m) => m.default);
  return loading;
}
