import type { Reply } from '../domain/reply.js';
import { buttonFor } from './buttons.js';
import { duration } from './relative-time.js';
import type { RenderContext } from './render-context.js';
import type { ConfirmationRequest } from './renderer.js';
import { blockOf, compact } from './spans.js';

/**
 * The question before `/forget` or `/unsubscribe all`: what goes (the chat's settings, how many parcels
 * stop being followed), how long the buttons work, then Confirm and Cancel.
 */
export function confirmationReply(request: ConfirmationRequest, ctx: RenderContext): Reply {
  const { what, expiresAt } = request;
  // `confirm.<what>_one`, `_other` (and `_zero` for forget): i18next picks the plural form by `count`.
  const question = ctx.t(`confirm.${what}`, { count: request.parcels });
  const wait = duration(expiresAt - ctx.view.now, ctx.locale);
  const confirm = buttonFor(
    what === 'forget' ? ctx.t('buttons.confirm_forget') : ctx.t('buttons.confirm_unsubscribe_all'),
    { kind: 'confirm', what, expiresAt },
  );
  const cancel = buttonFor(ctx.t('buttons.cancel'), { kind: 'cancel', what });
  return {
    blocks: compact(blockOf('line', question), blockOf('note', ctx.t('confirm.expires', { wait }))),
    buttons: [[confirm, cancel].filter((b) => b !== undefined)],
  };
}
