package io.taobus.tao;

import java.util.concurrent.CompletionStage;

/**
 * The two ends of a watched cascade ({@link Kernel#dispatchStaged}): when the intercepts and inline
 * handlers of the AppCon entered, and of every AppCon they chained, have returned (what a sender that
 * waits for its handlers before it is answered waits for: async calls still run), and when the whole
 * cascade has, async calls and what they chain included.
 *
 * @param inline the end of the intercept and inline phases, with the handler calls and async errors so
 * far and the first intercept or inline failure
 * @param cascade the end of the cascade, as {@link Kernel#dispatch} tells it
 */
public record CascadeStages(CompletionStage<CascadeResult> inline, CompletionStage<CascadeResult> cascade) {
}
