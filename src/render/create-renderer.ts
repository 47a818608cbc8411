import { isTimeZone } from '../time/zoned-time.js';
import { commandTexts } from './command-texts.js';
import { confirmationReply } from './confirmation.js';
import { createTranslator, type Translator, type TranslatorOptions } from './i18n.js';
import { inlineSummary } from './inline-summary.js';
import { languagePickerReply } from './language-picker.js';
import { limitNoticeReply } from './limit-notice.js';
import { messageReply } from './messages.js';
import { notificationReply } from './notification.js';
import { type RenderContext, renderContext } from './render-context.js';
import type { Renderer } from './renderer.js';
import { shareReply } from './share.js';
import { statusReply } from './status-summary.js';
import { subscriptionsReply } from './subscriptions.js';
import { trackingReply } from './tracking-reply.js';
import type { View } from './view.js';

export interface RendererOptions extends TranslatorOptions {
  /** Texts to use instead of the locale files (tests). */
  readonly translator?: Translator;
}

/** The zone times are shown in when a chat's zone is not one Intl knows (a stale or hand-edited setting). */
const FALLBACK_ZONE = 'UTC';

/**
 * Postie's renderer: neutral replies in the reader's language (`renderer.ts`). Loads the locale files
 * once, here; rendering is pure and never throws on carrier data.
 */
export function createRenderer(options: RendererOptions = {}): Renderer {
  const translator = options.translator ?? createTranslator(options);
  const contextFor = (view: View): RenderContext =>
    renderContext(translator, isTimeZone(view.timeZone) ? view : { ...view, timeZone: FALLBACK_ZONE });

  return {
    tracking: (result, view) => trackingReply(result, view, contextFor(view)),
    message: (key, view, params) => messageReply(key, contextFor(view), params),
    limitNotice: (notice, view) => limitNoticeReply(notice, contextFor(view)),
    subscriptions: (items, view) => subscriptionsReply(items, contextFor(view)),
    notification: (items, view) => notificationReply(items, contextFor(view)),
    confirmation: (request, view) => confirmationReply(request, contextFor(view)),
    status: (report, view) => statusReply(report, contextFor(view)),
    inlineSummary: (result, view) => inlineSummary(result, contextFor(view)),
    share: (request, view) => shareReply(request, contextFor(view)),
    languagePicker: (view) => languagePickerReply(contextFor(view), translator),
    describeCommand: (name, locale) => commandTexts(translator, name, locale),
    t: (locale, key, params) => translator.t(locale, key, params),
  };
}
