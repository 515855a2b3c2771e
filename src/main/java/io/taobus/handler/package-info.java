/**
 * Handlers declared by annotating bean methods (@TaoInline, @TaoAsync, @TaoIntercept), registered
 * on the kernel at startup, from taobus's own package and from the user's packages named in
 * {@code taobus.handlers.packages} (in the application's jar or a jar of the extensions directory).
 */
@NullMarked
package io.taobus.handler;

import org.jspecify.annotations.NullMarked;
