/**
 * Handlers declared by annotating bean methods (@TaoInline, @TaoAsync, @TaoIntercept), registered
 * on the kernel at startup.
 */
@NullMarked
package io.taobus.handler;

import org.jspecify.annotations.NullMarked;
